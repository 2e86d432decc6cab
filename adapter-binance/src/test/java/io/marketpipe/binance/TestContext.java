package io.marketpipe.binance;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.testkit.fakes.FakeWebSockets;
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
        return TestConnectorContext.config(BinanceSymbols.VENUE, hocon);
    }

    BinanceConnector connector(String hocon)
    {
        return new BinanceConnector(BinanceConfig.from(config(hocon)), this);
    }

    /**
     * Queues the answers for requests to the path and starts a connector.
     *
     * @return the connection the connector opened
     */
    FakeWebSockets.FakeConnection start(String hocon, String path, RestResponse... answers)
    {
        rest.answer(path, answers);
        connector(hocon).start();
        return webSockets.last();
    }

    /**
     * Like {@link #start}, with the answers held until the test releases them
     * ({@link io.marketpipe.testkit.fakes.FakeRest#releaseNext}).
     */
    FakeWebSockets.FakeConnection startHoldingAnswers(String hocon, String path, RestResponse... answers)
    {
        rest.holdResponses();
        return start(hocon, path, answers);
    }
}
