package io.marketpipe.coinbase;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.testkit.fakes.TestConnectorContext;

/**
 * The testkit's context of fakes, with a way to build Coinbase connectors on it.
 */
final class TestContext
        extends TestConnectorContext
{
    TestContext()
    {
        super("coinbase-test");
    }

    static PluginConfig config(CoinbaseFeed feed, String hocon)
    {
        return TestConnectorContext.config(feed.type(), hocon);
    }

    CoinbaseConnector connector(CoinbaseFeed feed, String hocon)
    {
        return new CoinbaseConnector(CoinbaseConfig.from(feed, config(feed, hocon)), this);
    }
}
