package io.marketpipe.coinbase;

import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import io.marketpipe.toolkit.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseConnectorTest
{
    private final TestContext context = new TestContext();

    @Test
    void advancedTradeSubscribesOneChannelPerMessageAndAlwaysHeartbeats()
    {
        context.connector(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD, ETH/USD], channels = [trades, quotes, ticker, book, candles], products = false").start();

        FakeWebSockets.FakeConnection connection = context.webSockets.last();
        assertEquals("wss://advanced-trade-ws.coinbase.com", connection.url());
        assertEquals(List.of(
                        subscribe("market_trades", "BTC-USD", "ETH-USD"),
                        subscribe("ticker", "BTC-USD", "ETH-USD"),
                        subscribe("level2", "BTC-USD", "ETH-USD"),
                        subscribe("candles", "BTC-USD", "ETH-USD"),
                        subscribe("heartbeats", "BTC-USD", "ETH-USD")),
                connection.sent());
        assertEquals(1, context.statuses(SourceStatus.Kind.CONNECTED).size());
    }

    @Test
    void configuredKeysSignEverySubscriptionWithAFreshToken()
            throws Exception
    {
        String secret = CoinbaseJwtTest.sec1Pem(CoinbaseJwtTest.keyPair()).replace("\n", "\\n");
        context.connector(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], channels = [trades], products = false, api-key-name = organizations/o/apiKeys/k, api-key-secret = \"" + secret + "\"").start();

        List<String> sent = context.webSockets.last().sent();
        assertEquals(2, sent.size());
        String first = JsonObject.parseObject(sent.get(0)).string("jwt");
        String second = JsonObject.parseObject(sent.get(1)).string("jwt");
        assertEquals(3, first.split("\\.").length);
        assertFalse(first.equals(second), "each subscribe message carries its own token");
    }

    @Test
    void theExchangeFeedSubscribesItsChannelsAndHeartbeat()
    {
        context.connector(CoinbaseFeed.EXCHANGE, "symbols = [BTC/USD], channels = [trades, ticker, book], products = false").start();

        assertEquals("wss://ws-feed.exchange.coinbase.com", context.webSockets.last().url());
        assertEquals(List.of(
                        "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"matches\"]}",
                        "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"ticker\"]}",
                        "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"level2_batch\"]}",
                        "{\"type\":\"subscribe\",\"product_ids\":[\"BTC-USD\"],\"channels\":[\"heartbeat\"]}"),
                context.webSockets.last().sent());
    }

    @Test
    void aSequenceJumpInvalidatesTheBooksAndSubscribesLevel2Again()
    {
        context.connector(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], channels = [book], products = false").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();
        connection.push(level2(0, "snapshot", "100.5", "1", "101", "2"));
        connection.push(level2(1, "update", "100.5", "3", "101", "2"));
        assertTrue(context.books.book(CoinbaseSymbols.fromNative("BTC-USD")).orElseThrow().verified());
        int sentBefore = connection.sent().size();

        connection.push(heartbeat(3));
        connection.push(level2(4, "update", "100.4", "1", "101", "2"));

        assertEquals(1, context.metrics.count("sequence.gaps"));
        assertFalse(context.books.book(CoinbaseSymbols.fromNative("BTC-USD")).map(book -> book.verified()).orElse(false));
        List<SourceStatus> gaps = context.statuses(SourceStatus.Kind.GAP);
        assertEquals(1, gaps.size());
        assertTrue(gaps.get(0).reason().contains("sequence_num jumped from 1 to 3: 1 messages lost"), gaps.get(0).reason());
        assertEquals(List.of(message("unsubscribe", "level2", "BTC-USD"), subscribe("level2", "BTC-USD")), connection.sent().subList(sentBefore, connection.sent().size()));

        connection.push(level2(5, "snapshot", "100.4", "1", "101", "2"));
        assertTrue(context.books.book(CoinbaseSymbols.fromNative("BTC-USD")).orElseThrow().verified());
        assertEquals(1, context.books.stats().resyncs());
    }

    @Test
    void anExchangeHeartbeatAheadOfTheLastMatchFetchesTheMissedTradesById()
    {
        context.rest.answer("/products/BTC-USD/trades", "[{\"time\":\"2021-04-17T16:43:40Z\",\"trade_id\":12,\"price\":\"10.5\",\"size\":\"2\",\"side\":\"buy\"},"
                + "{\"time\":\"2021-04-17T16:43:39Z\",\"trade_id\":11,\"price\":\"10.4\",\"size\":\"1\",\"side\":\"sell\"}]");
        context.connector(CoinbaseFeed.EXCHANGE, "symbols = [BTC/USD], channels = [trades], products = false").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        connection.push(match("last_match", 10));
        connection.push("{\"type\":\"heartbeat\",\"last_trade_id\":12,\"product_id\":\"BTC-USD\",\"sequence\":90,\"time\":\"2021-04-17T16:43:41Z\"}");

        assertEquals(List.of("10", "11", "12"), tradeIds());
        assertTrue(context.rest.urls().get(0).endsWith("/products/BTC-USD/trades?after=1011&limit=1000"), context.rest.urls().toString());
        assertEquals(List.of(false, true, true), context.events(Trade.class).stream().map(Trade::backfilled).collect(Collectors.toList()));
        assertEquals(1, context.metrics.count("trades.behind-heartbeat"));
    }

    @Test
    void advancedTradeTradesMissedBetweenMessagesComeFromTheLatestMarketTrades()
    {
        context.rest.answer("/api/v3/brokerage/market/products/BTC-USD/ticker", "{\"trades\":["
                + "{\"trade_id\":\"22\",\"product_id\":\"BTC-USD\",\"price\":\"65000.02\",\"size\":\"0.2\",\"time\":\"2026-08-09T21:05:49Z\",\"side\":\"BUY\"},"
                + "{\"trade_id\":\"21\",\"product_id\":\"BTC-USD\",\"price\":\"65000.01\",\"size\":\"0.1\",\"time\":\"2026-08-09T21:05:48Z\",\"side\":\"SELL\"}],"
                + "\"best_bid\":\"65000\",\"best_ask\":\"65000.01\"}");
        context.connector(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], channels = [trades], products = false").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        connection.push(marketTrades(0, "snapshot", 20, 19));
        connection.push(marketTrades(1, "update", 23));

        assertEquals(List.of("19", "20", "21", "22", "23"), tradeIds());
        assertEquals(1, context.rest.urls().size());
        // Coinbase names the maker's side; the taker sold into a buy order
        assertEquals("SELL", context.events(Trade.class).get(3).side().name());
    }

    @Test
    void undecodableFramesAreCountedAndTheConnectionGoesOn()
    {
        context.connector(CoinbaseFeed.ADVANCED_TRADE, "symbols = [BTC/USD], channels = [trades], products = false").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        connection.push("garbage");
        connection.push("{\"channel\":\"market_trades\",\"sequence_num\":0,\"events\":[{\"type\":\"update\",\"trades\":[{\"trade_id\":\"1\",\"product_id\":\"BTC-USD\"}]}]}");
        connection.push("{\"neither\":true}");
        connection.push(marketTrades(1, "update", 2));

        assertEquals(3, context.metrics.count("frames.invalid"));
        assertEquals(List.of("2"), tradeIds());
        List<SourceStatus> errors = context.statuses(SourceStatus.Kind.DECODE_ERROR);
        assertTrue(errors.get(0).reason().contains("malformed JSON"), errors.get(0).reason());
        assertFalse(connection.closed());
    }

    private List<String> tradeIds()
    {
        return context.events(Trade.class).stream().map(Trade::tradeId).collect(Collectors.toList());
    }

    private static String subscribe(String channel, String... products)
    {
        return message("subscribe", channel, products);
    }

    private static String message(String type, String channel, String... productIds)
    {
        String products = Arrays.stream(productIds).map(id -> "\"" + id + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"type\":\"" + type + "\",\"product_ids\":" + products + ",\"channel\":\"" + channel + "\"}";
    }

    private static String level2(long sequence, String type, String bid, String bidSize, String ask, String askSize)
    {
        return "{\"channel\":\"l2_data\",\"timestamp\":\"2026-08-09T21:05:48.483587501Z\",\"sequence_num\":" + sequence + ",\"events\":[{\"type\":\"" + type
                + "\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"2026-08-09T21:05:48.170326Z\",\"price_level\":\"" + bid + "\",\"new_quantity\":\"" + bidSize + "\"},"
                + "{\"side\":\"offer\",\"event_time\":\"2026-08-09T21:05:48.170326Z\",\"price_level\":\"" + ask + "\",\"new_quantity\":\"" + askSize + "\"}]}]}";
    }

    private static String heartbeat(long sequence)
    {
        return "{\"channel\":\"heartbeats\",\"timestamp\":\"2026-08-09T21:05:48.856364007Z\",\"sequence_num\":" + sequence + ",\"events\":[{\"current_time\":\"x\",\"heartbeat_counter\":41691}]}";
    }

    private static String marketTrades(long sequence, String type, long... ids)
    {
        String trades = Arrays.stream(ids).mapToObj(id -> "{\"product_id\":\"BTC-USD\",\"trade_id\":\"" + id + "\",\"price\":\"65000." + id + "\",\"size\":\"0.01\",\"time\":\"2026-08-09T21:05:48.167634Z\",\"side\":\"SELL\"}")
                .collect(Collectors.joining(","));
        return "{\"channel\":\"market_trades\",\"timestamp\":\"2026-08-09T21:05:48.251397169Z\",\"sequence_num\":" + sequence + ",\"events\":[{\"type\":\"" + type + "\",\"trades\":[" + trades + "]}]}";
    }

    private static String match(String type, long id)
    {
        return "{\"type\":\"" + type + "\",\"trade_id\":" + id + ",\"maker_order_id\":\"m\",\"taker_order_id\":\"t\",\"side\":\"sell\",\"size\":\"0.04\",\"price\":\"14.7775\","
                + "\"product_id\":\"BTC-USD\",\"sequence\":333938798,\"time\":\"2021-04-17T16:43:30.244075Z\"}";
    }
}
