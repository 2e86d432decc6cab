package io.marketpipe.kraken;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.testkit.fakes.TestConnectorContext;

/**
 * The testkit's context of fakes, with a way to build Kraken connectors on it.
 */
final class TestContext
        extends TestConnectorContext
{
    TestContext()
    {
        super("kraken-test");
    }

    static PluginConfig config(String hocon)
    {
        return TestConnectorContext.config(KrakenPlugin.TYPE, hocon);
    }

    KrakenConnector connector(String hocon)
    {
        return new KrakenConnector(KrakenConfig.from(config(hocon)), this);
    }
}
