package io.marketpipe.kraken;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector on the testkit's fakes: what it subscribes to, how it keeps the connection
 * alive, and how v2 trades stay gap-free.
 */
class KrakenConnectorTest
{
    private static final String TRADE = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":60000.1,"
            + "\"qty\":0.5,\"ord_type\":\"market\",\"trade_id\":%d,\"timestamp\":\"2024-05-10T11:52:%02d.000000Z\"}]}";

    private final TestContext context = new TestContext();

    @Test
    void v2SubscribesByChannelWithV2NamesAndTheInstrumentChannelForPrecisions()
    {
        KrakenConnector connector = start("symbols = [XXBTZUSD, DOGE/USD], channels = [trades, quotes, book], book-depth = 25, asset-pairs = false");

        FakeWebSockets.FakeConnection connection = context.webSockets.last();
        assertEquals("wss://ws.kraken.com/v2", connection.url());
        List<String> sent = connection.sent();
        assertTrue(sent.get(0).contains("\"channel\":\"instrument\""), sent.get(0));
        assertTrue(sent.stream().anyMatch(message -> message.contains("\"channel\":\"book\",\"depth\":25,\"symbol\":[\"BTC/USD\",\"DOGE/USD\"]")), sent.toString());
        assertTrue(sent.stream().anyMatch(message -> message.contains("\"channel\":\"trade\"")), sent.toString());
        assertTrue(sent.stream().anyMatch(message -> message.contains("\"channel\":\"ticker\",\"event_trigger\":\"bbo\"")), sent.toString());
        assertTrue(connector.probe().contains("\"method\":\"ping\""));
        connector.close();
    }

    @Test
    void v1SubscribesWithWebSocketPairNamesAndPingsWithEvents()
    {
        KrakenConnector connector = start("api = v1, symbols = [BTC/USD], channels = [quotes, book, candles], book-depth = 1000, candle-intervals = [1m, 1h], asset-pairs = false");

        FakeWebSockets.FakeConnection connection = context.webSockets.last();
        assertEquals("wss://ws.kraken.com", connection.url());
        assertEquals(List.of(
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/USD\"],\"subscription\":{\"name\":\"book\",\"depth\":1000},\"reqid\":1}",
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/USD\"],\"subscription\":{\"name\":\"spread\"},\"reqid\":2}",
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/USD\"],\"subscription\":{\"name\":\"ohlc\",\"interval\":1},\"reqid\":3}",
                "{\"event\":\"subscribe\",\"pair\":[\"XBT/USD\"],\"subscription\":{\"name\":\"ohlc\",\"interval\":60},\"reqid\":4}"), connection.sent());
        assertTrue(connector.probe().startsWith("{\"event\":\"ping\""));
        connector.close();
    }

    /**
     * A v2 trade id beyond the next one reveals missed trades, which are fetched from REST
     * {@code Trades} since the last trade's time and emitted in order before the held one (the
     * fake REST transport answers at once).
     */
    @Test
    void v2TradeGapIsFilledFromRestTrades()
    {
        context.rest.answer("/0/public/Trades?pair=XBTUSD&since=1715341941&count=1000", "{\"error\":[],\"result\":{\"XXBTZUSD\":["
                + "[\"60000.1\",\"0.50000000\",1715341941.0,\"b\",\"m\",\"\",100],"
                + "[\"60000.2\",\"0.10000000\",1715341942.5,\"s\",\"l\",\"\",101],"
                + "[\"60000.3\",\"0.20000000\",1715341943.5,\"b\",\"l\",\"\",102]],\"last\":\"1715341923500000000\"}}");
        KrakenConnector connector = start("symbols = [BTC/USD], channels = [trades], asset-pairs = false");
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        connection.push(String.format(TRADE, 100, 21));
        connection.push(String.format(TRADE, 103, 24));

        List<String> ids = context.events(Trade.class).stream().map(Trade::tradeId).collect(Collectors.toList());
        assertEquals(List.of("100", "101", "102", "103"), ids);
        assertTrue(context.events(Trade.class).get(1).backfilled());
        assertEquals(1, context.rest.urls().stream().filter(url -> url.contains("/Trades?")).count(), context.rest.urls().toString());
        connector.close();
    }

    @Test
    void settingsKrakenCannotServeFailNamingTheirPath()
    {
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [BTC/USD], " + "book-depth = 50"))).getMessage().contains("book-depth"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [BTC/USD], " + "api = v3"))).getMessage().contains("api"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [BTC/USD], " + "market = futures"))).getMessage().contains("market"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [PI_XBTUSD]"))).getMessage().contains("PI_XBTUSD"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [BTC/USD], " + "candle-intervals = [2m]"))).getMessage().contains("candle-intervals"));
        assertTrue(assertThrows(ConfigurationException.class, () -> KrakenConfig.from(TestContext.config("symbols = [BTC/USD], " + "channels = [funding]"))).getMessage().contains("channels"));

        KrakenConfig mixed = KrakenConfig.from(TestContext.config("market = mixed, symbols = [XBT/USD, PI_XBTUSD]"));
        assertEquals(List.of("PI_XBTUSD"), mixed.skippedSymbols());
        assertEquals("BTC/USD", mixed.instruments().get(0).symbol());
    }

    private KrakenConnector start(String hocon)
    {
        KrakenConnector connector = context.connector(hocon);
        connector.start();
        return connector;
    }
}
