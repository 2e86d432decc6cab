package io.marketpipe.binance;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.marketpipe.binance.Frames.snapshot;
import static io.marketpipe.binance.Frames.spotDiff;
import static io.marketpipe.binance.Frames.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connections, their faults and the connector's robustness, against a fake venue.
 */
class BinanceConnectorTest
{
    private static final long SECOND = 1_000_000_000L;

    private final TestContext context = new TestContext();

    @Test
    void subscribesEveryChannelOfEverySymbolOnOneCombinedStream()
    {
        BinanceConnector connector = context.connector("symbols = [BTC/USDT, ethusdt], exchange-info = false");

        connector.start();

        assertEquals(List.of("wss://stream.binance.com:9443/stream?streams=btcusdt@trade/btcusdt@bookTicker/btcusdt@depth@100ms/ethusdt@trade/ethusdt@bookTicker/ethusdt@depth@100ms"),
                urls());
        assertEquals(1, context.statuses(SourceStatus.Kind.CONNECTED).size());
        assertEquals(List.of("BTC/USDT", "ETH/USDT"), connector.instruments().stream().map(Instrument::symbol).collect(Collectors.toList()));
    }

    @Test
    void configuredEndpointsReplaceTheProductionOnes()
    {
        context.rest.answer("/api/v3/depth", snapshot(100));
        context.connector("symbols = [BTC/USDT], channels = [book], exchange-info = false, ws-url = \"ws://127.0.0.1:9000/\", rest-url = \"http://127.0.0.1:9000\"").start();

        context.webSockets.last().push(spotDiff(100, 101));

        assertEquals(List.of("ws://127.0.0.1:9000/stream?streams=btcusdt@depth@100ms"), urls());
        assertEquals(List.of("http://127.0.0.1:9000/api/v3/depth?symbol=BTCUSDT&limit=1000"), context.rest.urls());
    }

    @Test
    void streamsBeyondTheLimitOfAConnectionOpenMoreConnections()
    {
        context.connector("symbols = [BTCUSDT, ETHUSDT, BNBUSDT, SOLUSDT, XRPUSDT], exchange-info = false, max-streams-per-connection = 7").start();

        List<String> urls = urls();
        assertEquals(3, urls.size(), "3 streams per symbol, at most 7 per connection: 2 + 2 + 1 symbols");
        assertEquals(List.of(6, 6, 3), urls.stream().map(url -> url.substring(url.indexOf("streams=")).split("/").length).collect(Collectors.toList()));
        assertTrue(urls.get(2).endsWith("streams=xrpusdt@trade/xrpusdt@bookTicker/xrpusdt@depth@100ms"), urls.get(2));
        assertEquals(3, context.statuses(SourceStatus.Kind.CONNECTED).size());
    }

    @Test
    void garbageAndTruncatedFramesAreCountedReportedAndSurvived()
    {
        context.connector("symbols = [BTCUSDT, ETHUSDT], channels = [trades], exchange-info = false").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        connection.push("garbage");
        connection.push("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\",\"t\":3735683259,\"p\":\"61837.6");
        connection.push(trade("BTCUSDT", 1).replace("\"p\":\"61837.63000000\",", ""));
        connection.push(trade("ETHUSDT", 7));
        connection.push(trade("BTCUSDT", 2));

        assertEquals(List.of("ETHUSDT:7", "BTCUSDT:2"), context.events(Trade.class).stream()
                .map(trade -> trade.instrument().nativeSymbol() + ":" + trade.tradeId()).collect(Collectors.toList()));
        assertEquals(3, context.metrics.count("frames.invalid"));
        assertEquals(5, context.metrics.count("frames.received"));
        List<SourceStatus> reports = context.statuses(SourceStatus.Kind.DECODE_ERROR);
        assertEquals(1, reports.size(), "the first undecodable frame is reported, then one in " + BinanceConnector.DECODE_ERROR_REPORT_EVERY);
        assertTrue(reports.get(0).reason().startsWith("malformed JSON at column 1: Unrecognized token 'garbage'"), reports.get(0).reason());

        for (int i = 3; i < BinanceConnector.DECODE_ERROR_REPORT_EVERY; i++) {
            connection.push("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"BTCUSDT\"}}");
        }
        reports = context.statuses(SourceStatus.Kind.DECODE_ERROR);
        assertEquals(2, reports.size());
        assertTrue(reports.get(1).reason().startsWith("trade: missing field 'm' (100 undecodable frames so far)"), reports.get(1).reason());
        assertFalse(connection.closed(), "decode errors never drop the connection");
    }

    @Test
    void connectionClosedByTheVenueIsReopenedWithBackoffAndItsBooksResynced()
    {
        context.rest.answer("/api/v3/depth", FakeRest.ok(snapshot(100)), FakeRest.ok(snapshot(200)));
        context.connector("symbols = [BTC/USDT], channels = [book], exchange-info = false").start();
        FakeWebSockets.FakeConnection first = context.webSockets.last();
        first.push(spotDiff(100, 101));

        first.closeByVenue(1001, "going away");

        assertEquals(1, context.statuses(SourceStatus.Kind.DISCONNECTED).size());
        List<Long> pending = context.scheduler.pendingDelaysNanos();
        assertEquals(1, pending.size(), "only the reconnect; the 24h timer of the lost connection is cancelled");
        assertTrue(pending.get(0) <= SECOND, "the first wait is drawn between 0 and reconnect-backoff-min: " + pending.get(0));
        context.scheduler.runNext();

        FakeWebSockets.FakeConnection second = context.webSockets.last();
        assertNotSame(first, second);
        assertEquals(first.url(), second.url(), "the same streams again");
        assertEquals(1, context.statuses(SourceStatus.Kind.RECONNECTING).size());
        assertEquals(2, context.statuses(SourceStatus.Kind.CONNECTED).size());
        assertEquals(0, context.books.stats().gaps(), "the book is kept until the new stream delivers");
        second.push(spotDiff(195, 201));

        assertEquals(1, context.books.stats().gaps(), "the restarted diff stream no longer follows the old book");
        List<SourceStatus> gaps = context.statuses(SourceStatus.Kind.GAP);
        assertTrue(gaps.get(0).reason().startsWith("the diff stream restarted after: closed by the venue (1001 going away)"), gaps.get(0).reason());
        assertEquals(List.of(100L, 101L, 200L, 201L), context.depthSeqs(), "rebuilt from a new snapshot");
        assertEquals(1, context.books.stats().booksVerified());
        assertEquals(1, context.statuses(SourceStatus.Kind.RESYNC).size());
        assertEquals(1, context.metrics.count("connections.reconnects"));
    }

    @Test
    void connectionsThatKeepFailingBackOffWithFullJitterThenOpenTheCircuitBreaker()
    {
        context.connector("symbols = [BTC/USDT], exchange-info = false, reconnect-backoff-min = 1s, reconnect-backoff-max = 3s, "
                + "circuit-breaker-threshold = 4, circuit-breaker-open = 30s").start();
        context.webSockets.refuseConnections(true);

        context.webSockets.last().drop();
        long first = context.scheduler.runNext();
        long second = context.scheduler.runNext();
        long third = context.scheduler.runNext();

        assertTrue(first <= SECOND, "first: " + first);
        assertTrue(second <= 2 * SECOND, "second: " + second);
        assertTrue(third <= 3 * SECOND, "third, bound capped at 3s: " + third);
        List<SourceStatus> opened = context.statuses(SourceStatus.Kind.CIRCUIT_OPEN);
        assertEquals(1, opened.size(), "the fourth failed attempt in a row opens the breaker");
        assertTrue(opened.get(0).reason().startsWith("4 connection attempts failed in a row, the last: connection 0 failed (java.io.IOException: connection refused)"),
                opened.get(0).reason());
        assertEquals(2, context.metrics.gauge("circuit-breaker.state"), "open");

        long fourth = context.scheduler.runNext();
        assertTrue(fourth <= 3 * SECOND, "fourth: " + fourth);
        assertEquals(4, context.webSockets.connections().size(), "the open breaker held the attempt back");
        List<Long> pending = context.scheduler.pendingDelaysNanos();
        assertEquals(1, pending.size());
        assertTrue(pending.get(0) > 29 * SECOND && pending.get(0) <= 31 * SECOND, "asks again once the open period is over: " + pending.get(0));

        context.webSockets.refuseConnections(false);
        context.breakerClock.advance(Duration.ofSeconds(31));
        context.scheduler.runNext();

        assertEquals(1, context.statuses(SourceStatus.Kind.CIRCUIT_HALF_OPEN).size());
        assertEquals(2, context.statuses(SourceStatus.Kind.CONNECTED).size(), "the trial attempt connected");
        assertEquals(0, context.statuses(SourceStatus.Kind.CIRCUIT_CLOSED).size(), "an attempt succeeds once data arrives");
        context.webSockets.last().push(trade("BTCUSDT", 1));
        assertEquals(1, context.statuses(SourceStatus.Kind.CIRCUIT_CLOSED).size());
        assertEquals(0, context.metrics.gauge("circuit-breaker.state"), "closed");
        assertEquals(4, context.statuses(SourceStatus.Kind.DISCONNECTED).size());
    }

    @Test
    void connectionThatKeepsDeliveringNeverOpensTheBreaker()
    {
        context.connector("symbols = [BTCUSDT], channels = [trades], exchange-info = false, circuit-breaker-threshold = 2").start();

        for (int id = 1; id <= 5; id++) {
            FakeWebSockets.FakeConnection connection = context.webSockets.last();
            connection.push(trade("BTCUSDT", id));
            connection.drop();
            context.scheduler.runNext();
        }

        assertEquals(6, context.statuses(SourceStatus.Kind.CONNECTED).size());
        assertEquals(0, context.statuses(SourceStatus.Kind.CIRCUIT_OPEN).size(), "each attempt delivered data before it dropped");
    }

    @Test
    void silentConnectionIsAskedForItsSubscriptionsThenDroppedAndReopened()
    {
        context.connector("symbols = [BTCUSDT], channels = [trades], exchange-info = false, stale-after = 30s, stream-stale-after = 0s").start();
        FakeWebSockets.FakeConnection first = context.webSockets.last();
        first.push(trade("BTCUSDT", 1));

        assertEquals(15 * SECOND, context.scheduler.runNext(), "the watchdog looks every half stale-after");
        assertEquals(List.of(), first.sent(), "the connection delivered since it opened");
        context.scheduler.runNext();
        assertEquals(List.of("{\"method\":\"LIST_SUBSCRIPTIONS\",\"id\":1}"), first.sent(), "silent for a look: probed");
        context.scheduler.runNext();

        assertTrue(first.closed(), "silent for stale-after: dropped");
        List<SourceStatus> stale = context.statuses(SourceStatus.Kind.STALE);
        assertEquals(1, stale.size());
        assertEquals("connection 0 delivered nothing for 30000 ms; dropping it", stale.get(0).reason());
        assertEquals(1, context.statuses(SourceStatus.Kind.DISCONNECTED).size());
        assertEquals(1, context.metrics.count("connections.stale"));
        context.scheduler.runNext();
        assertEquals(2, context.webSockets.connections().size(), "reopened");
        assertEquals(2, context.statuses(SourceStatus.Kind.CONNECTED).size());
    }

    @Test
    void answeredProbeKeepsTheConnection()
    {
        context.connector("symbols = [BTCUSDT], channels = [trades], exchange-info = false, stale-after = 30s, stream-stale-after = 0s").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();
        context.scheduler.runNext();
        assertEquals(1, connection.sent().size(), "probed");

        connection.push("{\"result\":[\"btcusdt@trade\"],\"id\":1}");
        context.scheduler.runNext();
        context.scheduler.runNext();

        assertFalse(connection.closed());
        assertEquals(2, connection.sent().size(), "probed again after another silent look, never dropped");
        assertEquals(List.of(), context.statuses(SourceStatus.Kind.STALE));
    }

    @Test
    void quietStreamOnALiveConnectionIsSubscribedAgain()
    {
        context.connector("symbols = [BTCUSDT, ETHUSDT], channels = [trades], exchange-info = false, stale-after = 10s, stream-stale-after = 20s").start();
        FakeWebSockets.FakeConnection connection = context.webSockets.last();

        for (int look = 1; look <= 4; look++) {
            connection.push(trade("BTCUSDT", look));
            assertEquals(5 * SECOND, context.scheduler.runNext());
        }

        assertEquals(List.of("{\"method\":\"UNSUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":1}", "{\"method\":\"SUBSCRIBE\",\"params\":[\"ethusdt@trade\"],\"id\":2}"),
                connection.sent());
        assertEquals("connection 0: ethusdt@trade delivered nothing for 20000 ms; subscribed again", context.statuses(SourceStatus.Kind.STALE).get(0).reason());
        assertEquals(1, context.metrics.count("streams.resubscribed"));
        assertFalse(connection.closed());
    }

    @Test
    void serverShutdownEventReplacesTheConnectionAtOnce()
    {
        context.connector("symbols = [BTCUSDT], channels = [trades], exchange-info = false").start();
        FakeWebSockets.FakeConnection first = context.webSockets.last();

        first.push("{\"event\":{\"e\":\"serverShutdown\",\"E\":1770123456789}}");
        first.push(trade("BTCUSDT", 1));
        context.webSockets.last().push(trade("BTCUSDT", 2));

        assertTrue(first.closed());
        assertEquals(1000, first.closeCode());
        assertEquals(2, context.webSockets.connections().size());
        assertEquals(List.of("2"), context.events(Trade.class).stream().map(Trade::tradeId).collect(Collectors.toList()),
                "frames of the replaced connection are dropped");
        assertEquals(0, context.statuses(SourceStatus.Kind.DISCONNECTED).size(), "a planned replacement, not a loss");
        assertEquals(1, context.metrics.count("connections.reconnects"));
    }

    @Test
    void connectionIsReplacedBeforeBinancesTwentyFourHourCut()
    {
        context.connector("symbols = [BTCUSDT], exchange-info = false, reconnect-before = 23h, stale-after = 0s, stream-stale-after = 0s").start();
        FakeWebSockets.FakeConnection first = context.webSockets.last();

        assertEquals(List.of(Duration.ofHours(23).toNanos()), context.scheduler.pendingDelaysNanos());
        context.scheduler.runNext();

        assertTrue(first.closed());
        assertEquals(1000, first.closeCode());
        assertEquals(2, context.webSockets.open().size() + 1);
        assertEquals(List.of(Duration.ofHours(23).toNanos()), context.scheduler.pendingDelaysNanos(), "the new connection has its own timer");
    }

    @Test
    void closeIsIdempotentAndStopsReconnecting()
    {
        BinanceConnector connector = context.connector("symbols = [BTCUSDT, ETHUSDT], exchange-info = false, max-streams-per-connection = 3");
        connector.start();
        List<FakeWebSockets.FakeConnection> connections = context.webSockets.connections();
        connections.get(0).drop();
        assertEquals(3, context.scheduler.pendingDelaysNanos().size(), "a reconnect, and the other connection's 24h timer and watchdog");

        connector.close();
        connector.close();

        assertEquals(List.of(), context.scheduler.pendingDelaysNanos());
        assertTrue(connections.get(1).closed());
        assertEquals("connector closed", connections.get(1).closeReason());
        assertEquals(2, context.webSockets.connections().size());
        assertEquals(2, context.statuses(SourceStatus.Kind.DISCONNECTED).size(), "the dropped connection and the closed one, once each");
    }

    @Test
    void exchangeInfoProvidesInstrumentDefinitions()
    {
        context.rest.answer("/api/v3/exchangeInfo", "{\"timezone\":\"UTC\",\"symbols\":[{\"symbol\":\"BTCUSDT\",\"status\":\"TRADING\",\"baseAsset\":\"BTC\","
                + "\"quoteAsset\":\"USDT\",\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0.01\",\"maxPrice\":\"1000000.00\",\"tickSize\":\"0.01\"},"
                + "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00001\",\"maxQty\":\"9000.00\",\"stepSize\":\"0.00001\"}]}]}");
        BinanceConnector connector = context.connector("symbols = [BTCUSDT]");

        connector.start();

        Instrument instrument = connector.instruments().get(0);
        assertEquals("BTC/USDT", instrument.symbol());
        assertEquals(Decimal.parse("0.01"), instrument.tickSize());
        assertEquals(Decimal.parse("0.00001"), instrument.lotSize());
        assertEquals("https://api.binance.com/api/v3/exchangeInfo?symbols=%5B%22BTCUSDT%22%5D", context.rest.urls().get(0));
        assertEquals(20, context.rest.requests().get(0).weight());
        assertEquals(1, context.webSockets.connections().size(), "connects once the definitions are in");
    }

    @Test
    void withoutExchangeInfoNativeSymbolsAreSplitByQuoteAsset()
    {
        BinanceConnector connector = context.connector("market = usdm, symbols = [ETHUSDT, BTCUSDT_210625]");

        connector.start();

        assertEquals(List.of("ETH/USDT:USDT", "BTC/USDT:USDT-210625"), connector.instruments().stream().map(Instrument::symbol).collect(Collectors.toList()));
        assertEquals(MarketKind.FUTURE, connector.instruments().get(1).kind());
        List<SourceStatus> info = context.statuses(SourceStatus.Kind.INFO);
        assertEquals(1, info.size());
        assertTrue(info.get(0).reason().startsWith("exchangeInfo unavailable"), info.get(0).reason());
        assertEquals(1, context.webSockets.connections().size());
    }

    private List<String> urls()
    {
        return context.webSockets.connections().stream().map(FakeWebSockets.FakeConnection::url).collect(Collectors.toList());
    }
}
