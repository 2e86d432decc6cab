package io.marketpipe.okx;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.testkit.fakes.TestConnectorContext;

/**
 * The testkit's context of fakes, with a way to build OKX connectors on it.
 */
final class TestContext
        extends TestConnectorContext
{
    TestContext()
    {
        super("okx-test");
    }

    static PluginConfig config(String hocon)
    {
        return TestConnectorContext.config(OkxConnectorFactory.TYPE, hocon);
    }

    OkxConnector connector(String hocon)
    {
        return new OkxConnector(OkxConfig.from(config(hocon)), this);
    }
}
