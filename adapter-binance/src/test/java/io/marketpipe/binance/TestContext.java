package io.marketpipe.binance;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.testkit.fakes.TestConnectorContext;

/**
 * The testkit's context of fakes, with a way to build Binance connectors on it.
 */
final class TestContext
        extends TestConnectorContext
{
    static final String NAME = "binance-test";

    TestContext()
    {
        super(NAME);
    }

    static PluginConfig config(String hocon)
    {
        return TestConnectorContext.config(BinanceConnectorFactory.TYPE, hocon);
    }

    BinanceConnector connector(String hocon)
    {
        return new BinanceConnector(BinanceConfig.from(config(hocon)), this);
    }
}
