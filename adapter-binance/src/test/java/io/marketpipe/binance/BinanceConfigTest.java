package io.marketpipe.binance;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinanceConfigTest
{
    @Test
    void defaultsComeFromReferenceConf()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config("symbols = [BTC/USDT]"));

        assertEquals(BinanceMarket.SPOT, config.market());
        assertEquals(Set.of(Channel.TRADES, Channel.QUOTES, Channel.BOOK), config.channels());
        assertEquals("trade", config.tradeStream());
        assertEquals(List.of(CandleInterval.parse("1m")), config.candleIntervals());
        assertEquals(1000, config.bookDepth());
        assertEquals("depth@100ms", config.depthStream());
        assertEquals("wss://stream.binance.com:9443", config.webSocketUrl());
        assertEquals("https://api.binance.com", config.restUrl());
        assertEquals(1024, config.maxStreamsPerConnection());
        assertEquals(Duration.ofHours(23), config.reconnectBefore());
        assertEquals(Duration.ofSeconds(1), config.venue().reconnect().minDelay());
        assertEquals(Duration.ofSeconds(60), config.venue().reconnect().maxDelay());
        assertEquals(10, config.venue().publishDepth());
        assertTrue(config.exchangeInfo());
    }

    @Test
    void eachMarketHasItsProductionEndpoints()
    {
        BinanceConfig usdm = BinanceConfig.from(TestContext.config("market = usdm, symbols = [BTCUSDT], depth-speed = 0ms"));
        BinanceConfig coinm = BinanceConfig.from(TestContext.config("market = coinm, symbols = [BTCUSD_PERP], depth-speed = 250ms"));

        assertEquals("wss://fstream.binance.com", usdm.webSocketUrl());
        assertEquals("https://fapi.binance.com", usdm.restUrl());
        assertEquals("depth@0ms", usdm.depthStream());
        assertEquals("wss://dstream.binance.com", coinm.webSocketUrl());
        assertEquals("https://dapi.binance.com", coinm.restUrl());
        assertEquals("depth", coinm.depthStream());
    }

    @Test
    void aConfiguredEndpointReplacesOnlyItsOwnProductionOne()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config("market = usdm, symbols = [BTCUSDT], rest-url = \"http://127.0.0.1:8081\""));

        assertEquals("wss://fstream.binance.com", config.webSocketUrl());
        assertEquals("http://127.0.0.1:8081", config.restUrl());
    }

    @Test
    void productionEndpointsAreConfigurationAndAreChecked()
    {
        BinanceConfig regional = BinanceConfig.from(TestContext.config("market = usdm, symbols = [BTCUSDT], production-endpoints.usdm.ws-url = \"wss://fstream.example.com/\""));
        assertEquals("wss://fstream.example.com", regional.webSocketUrl());
        assertEquals("https://fapi.binance.com", regional.restUrl());

        assertInvalid("market = usdm, symbols = [BTCUSDT], production-endpoints.usdm.ws-url = \"\"",
                "marketpipe.connectors[0].production-endpoints.usdm.ws-url: no production ws-url for usdm is configured; set ws-url in the connector block");
        assertInvalid("symbols = [BTCUSDT], production-endpoints.spot.rest-url = \"ftp://api.binance.com\"",
                "marketpipe.connectors[0].production-endpoints.spot.rest-url: \"ftp://api.binance.com\" is not a http:// or https:// URL");
        BinanceConfig fake = BinanceConfig.from(TestContext.config("symbols = [BTCUSDT], production-endpoints.spot.ws-url = \"\", ws-url = \"ws://127.0.0.1:9000\""));
        assertEquals("ws://127.0.0.1:9000", fake.webSocketUrl(), "a configured endpoint needs no production one");
    }

    @Test
    void duplicateSymbolsCountOnce()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config("symbols = [BTC/USDT, BTCUSDT, ETH/USDT]"));

        assertEquals(List.of("BTC/USDT", "ETH/USDT"), config.instruments().stream().map(Instrument::symbol).collect(Collectors.toList()));
    }

    @Test
    void invalidValuesNameTheirPath()
    {
        assertInvalid("symbols = []", "marketpipe.connectors[0].symbols: no symbols");
        assertInvalid("market = margin, symbols = [BTCUSDT]", "marketpipe.connectors[0].market: unknown market \"margin\"; expected spot, usdm or coinm");
        assertInvalid("symbols = [BTCUSDT, \"BTC/USDT:USDT\"]", "marketpipe.connectors[0].symbols[1]: \"BTC/USDT:USDT\" is a derivative");
        assertInvalid("symbols = [BTCUSDT], channels = [trades, orders]", "marketpipe.connectors[0].channels[1]: unknown channel \"orders\"");
        assertInvalid("symbols = [BTCUSDT], channels = [funding]", "marketpipe.connectors[0].channels: funding is offered by usdm and coinm only");
        assertInvalid("symbols = [BTCUSDT], trade-stream = aggtrades", "marketpipe.connectors[0].trade-stream: \"aggtrades\" is not a trade stream");
        assertInvalid("market = usdm, symbols = [BTCUSDT], candle-intervals = [1s]", "marketpipe.connectors[0].candle-intervals[0]: Binance usdm has no 1s klines");
        assertInvalid("symbols = [BTCUSDT], candle-intervals = [7x]", "marketpipe.connectors[0].candle-intervals[0]: not a candle interval");
        assertInvalid("symbols = [BTCUSDT], channels = [candles], candle-intervals = []", "marketpipe.connectors[0].candle-intervals: the candles channel needs at least one interval");
        assertInvalid("symbols = [BTCUSDT], book-depth = 5001", "marketpipe.connectors[0].book-depth: 5001 must be between 1 and 5000 on spot");
        assertInvalid("market = usdm, symbols = [BTCUSDT], book-depth = 5000", "marketpipe.connectors[0].book-depth: 5000 must be between 1 and 1000 on usdm");
        assertInvalid("market = coinm, symbols = [BTCUSD_PERP], book-depth = 300", "marketpipe.connectors[0].book-depth: 300 must be one of 5, 10, 20, 50, 100, 500, 1000 on coinm");
        assertInvalid("symbols = [BTCUSDT], depth-speed = 250ms", "marketpipe.connectors[0].depth-speed: 250ms is not a diff depth speed of spot; expected 100ms or 1000ms");
        assertInvalid("symbols = [BTCUSDT], ws-url = \"http://127.0.0.1\"", "marketpipe.connectors[0].ws-url: \"http://127.0.0.1\" is not a ws:// or wss:// URL");
        assertInvalid("symbols = [BTCUSDT], max-streams-per-connection = 2000", "marketpipe.connectors[0].max-streams-per-connection: 2000 must be between 1 and 1024");
        assertInvalid("symbols = [BTCUSDT], max-streams-per-connection = 2", "marketpipe.connectors[0].max-streams-per-connection: 2 is fewer than the 3 streams each symbol needs");
        assertInvalid("symbols = [BTCUSDT], reconnect-before = 25h", "marketpipe.connectors[0].reconnect-before: PT25H must be positive and shorter than Binance's 24h connection limit");
        assertInvalid("symbols = [BTCUSDT], reconnect-backoff-min = 10s, reconnect-backoff-max = 5s", "marketpipe.connectors[0].reconnect-backoff-max: PT5S is shorter than reconnect-backoff-min PT10S");
        assertInvalid("symbols = [BTCUSDT], publish-depth = 0", "marketpipe.connectors[0].publish-depth: 0 must be at least 1");
    }

    @Test
    void unknownKeyIsRejectedAgainstTheShippedDefaults()
    {
        assertInvalid("symbols = [BTCUSDT], chanels = [trades]", "marketpipe.connectors[0].chanels: unknown key (did you mean channels?)");
    }

    @Test
    void pluginIsRegisteredForTheServiceLoader()
    {
        List<Plugin> plugins = ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get)
                .filter(plugin -> plugin instanceof BinancePlugin).collect(Collectors.toList());

        assertEquals(1, plugins.size());
        List<ConnectorFactory> factories = plugins.get(0).connectorFactories();
        assertEquals(List.of("binance"), factories.stream().map(ConnectorFactory::type).collect(Collectors.toList()));
        assertFalse(factories.get(0).create(TestContext.config("symbols = [BTCUSDT]"), new TestContext()).instruments().isEmpty());
    }

    private static void assertInvalid(String hocon, String message)
    {
        ConfigurationException failure = assertThrows(ConfigurationException.class, () -> BinanceConfig.from(TestContext.config(hocon)));
        assertTrue(failure.getMessage().startsWith(message), failure.getMessage());
    }
}
