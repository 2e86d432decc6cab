package io.marketpipe.okx;

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

    OkxConnector connector(String hocon)
    {
        return new OkxConnector(OkxConfigTest.config(hocon), this);
    }
}
