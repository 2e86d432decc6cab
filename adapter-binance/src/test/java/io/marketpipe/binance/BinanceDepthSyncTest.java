package io.marketpipe.binance;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.marketpipe.binance.Frames.futuresDiff;
import static io.marketpipe.binance.Frames.snapshot;
import static io.marketpipe.binance.Frames.spotDiff;
import static io.marketpipe.testkit.fakes.FakeRest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The order book procedure Binance documents, driven through the connector with frames pushed by
 * the test, canned snapshots and the real core book engine.
 */
class BinanceDepthSyncTest
{
    private static final String SPOT_BOOK = "symbols = [BTC/USDT], channels = [book], exchange-info = false";
    private static final String USDM_BOOK = "market = usdm, symbols = [\"BTC/USDT:USDT\"], channels = [book], exchange-info = false";

    private final TestContext context = new TestContext();

    @Test
    void spotDropsDiffsTheSnapshotHoldsAndBridgesAtLastUpdateIdPlusOne()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(SPOT_BOOK, "/api/v3/depth", ok(snapshot(100)));

        connection.push(spotDiff(90, 95));
        connection.push(spotDiff(96, 100));
        connection.push(spotDiff(99, 104));
        connection.push(spotDiff(105, 107));
        assertEquals(1, context.rest.heldCount(), "one snapshot is requested while the diffs are buffered");
        assertEquals(List.of(), context.depths());
        context.rest.releaseNext();

        assertEquals(List.of(100L, 104L, 107L), context.depthSeqs(), "u <= lastUpdateId dropped, U <= 101 <= u bridges, then U = u+1");
        BookDepth top = context.depths().get(2);
        assertEquals(Decimal.parse("107"), top.bestBid().size(), "the last diff's bid size");
        assertEquals(Decimal.parse("1.5"), top.bestAsk().size());
        RestRequest request = context.rest.requests().get(0);
        assertEquals("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000", request.url());
        assertEquals(50, request.weight());
        assertEquals(0, context.books.stats().gaps());
        assertEquals(1, context.books.stats().booksVerified());
    }

    @Test
    void spotSnapshotOlderThanTheFirstBufferedDiffIsFetchedAgain()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(SPOT_BOOK, "/api/v3/depth", ok(snapshot(100)), ok(snapshot(110)));

        connection.push(spotDiff(103, 107));
        context.rest.releaseNext();
        assertEquals(List.of(), context.depths(), "101 is not covered by the first diff (U=103): the snapshot is too old");
        assertEquals(1, context.rest.heldCount(), "a second snapshot is on its way");
        connection.push(spotDiff(108, 112));
        context.rest.releaseNext();

        assertEquals(List.of(110L, 112L), context.depthSeqs());
        assertEquals(2, context.rest.requests().size());
        assertEquals(1, context.metrics.count("depth.snapshot-retries"));
        assertEquals(0, context.books.stats().gaps());
    }

    @Test
    void snapshotNewerThanEveryBufferedDiffWaitsForTheDiffThatBridgesIt()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(SPOT_BOOK, "/api/v3/depth", ok(snapshot(100)));

        connection.push(spotDiff(90, 95));
        connection.push(spotDiff(96, 98));
        context.rest.releaseNext();
        assertEquals(List.of(100L), context.depthSeqs(), "the snapshot is published; every buffered diff is older");
        connection.push(spotDiff(99, 100));
        connection.push(spotDiff(101, 103));
        connection.push(spotDiff(104, 104));

        assertEquals(List.of(100L, 103L, 104L), context.depthSeqs());
        assertEquals(1, context.rest.requests().size());
        assertEquals(0, context.books.stats().gaps());
    }

    @Test
    void futuresBridgeAtLastUpdateIdAndThenFollowPu()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(USDM_BOOK, "/fapi/v1/depth", ok(snapshot(100)));

        connection.push(futuresDiff(90, 99, 89));
        connection.push(futuresDiff(95, 100, 94));
        connection.push(futuresDiff(101, 104, 100));
        connection.push(futuresDiff(110, 115, 104));
        context.rest.releaseNext();

        assertEquals(List.of(100L, 104L, 115L), context.depthSeqs(),
                "u < lastUpdateId dropped; u = lastUpdateId bridges (already in the snapshot); U may jump while pu chains");
        RestRequest request = context.rest.requests().get(0);
        assertEquals("https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=1000", request.url());
        assertEquals(20, request.weight());

        connection.push(futuresDiff(116, 120, 114));
        assertEquals(1, context.books.stats().gaps(), "pu 114 is not the previous u 115");
        assertEquals(2, context.rest.requests().size(), "the book resyncs from a new snapshot");
    }

    @Test
    void coinmUsesTheFuturesRuleAndItsOwnEndpoint()
    {
        context.rest.answer("/dapi/v1/depth", snapshot(100));
        context.connector("market = coinm, symbols = [\"BTC/USD:BTC\"], channels = [book], exchange-info = false, book-depth = 500").start();

        context.webSockets.last().push(futuresDiff(98, 102, 97).replace("BTCUSDT", "BTCUSD_PERP"));
        context.webSockets.last().push(futuresDiff(103, 105, 102).replace("BTCUSDT", "BTCUSD_PERP"));

        assertEquals(List.of(100L, 102L, 105L), context.depthSeqs());
        assertEquals("BTC/USD:BTC", context.depths().get(0).instrument().symbol());
        RestRequest request = context.rest.requests().get(0);
        assertEquals("https://dapi.binance.com/dapi/v1/depth?symbol=BTCUSD_PERP&limit=500", request.url());
        assertEquals(10, request.weight());
    }

    @Test
    void gapResyncsTheBookFromTheNextSnapshot()
    {
        FakeWebSockets.FakeConnection connection = context.start(SPOT_BOOK, "/api/v3/depth", ok(snapshot(100)), ok(snapshot(112)));
        connection.push(spotDiff(95, 101));
        connection.push(spotDiff(102, 105));

        connection.push(spotDiff(107, 110));
        connection.push(spotDiff(111, 112));
        connection.push(spotDiff(113, 115));

        assertEquals(List.of(100L, 101L, 105L, 112L, 115L), context.depthSeqs(), "106 is missing: resync from the snapshot at 112");
        assertEquals(1, context.books.stats().gaps());
        assertEquals(1, context.books.stats().resyncs());
        assertEquals(1, context.books.stats().booksVerified());
        assertEquals(1, context.statuses(SourceStatus.Kind.GAP).size());
        assertEquals(1, context.statuses(SourceStatus.Kind.RESYNC).size());
        assertEquals(1, context.metrics.count("depth.resyncs"));
        assertEquals(2, context.rest.requests().size());
    }

    @Test
    void diffThatSkipsPastTheSnapshotIsAGap()
    {
        FakeWebSockets.FakeConnection connection = context.start(SPOT_BOOK, "/api/v3/depth", ok(snapshot(100)), ok(snapshot(120)));
        connection.push(spotDiff(90, 95));

        connection.push(spotDiff(105, 110));
        connection.push(spotDiff(111, 121));

        assertEquals(List.of(100L, 120L, 121L), context.depthSeqs());
        assertEquals(1, context.books.stats().gaps());
        List<SourceStatus> gaps = context.statuses(SourceStatus.Kind.GAP);
        assertEquals(1, gaps.size());
        assertTrue(gaps.get(0).reason().contains("does not bridge the snapshot at lastUpdateId 100"), gaps.get(0).reason());
    }

    @Test
    void spotSnapshotOf5000LevelsWeighs250()
    {
        context.rest.answer("/api/v3/depth", snapshot(100));
        context.connector(SPOT_BOOK + ", book-depth = 5000").start();

        context.webSockets.last().push(spotDiff(100, 101));

        RestRequest request = context.rest.requests().get(0);
        assertEquals("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000", request.url());
        assertEquals(250, request.weight());
        assertEquals(List.of(100L, 101L), context.depthSeqs());
    }

    @Test
    void snapshotsOfManySymbolsAreRequestedOneAtATime()
    {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            symbols.add(String.format("C%02dUSDT", i));
        }
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers("symbols = [" + String.join(",", symbols) + "], channels = [book], exchange-info = false", "/api/v3/depth", ok(snapshot(100)));

        symbols.forEach(symbol -> connection.push(spotDiff(symbol, 95, 101)));
        for (int released = 0; released < symbols.size(); released++) {
            assertEquals(released + 1, context.rest.requests().size(), "the next snapshot waits for the previous answer");
            assertEquals(1, context.rest.heldCount());
            context.rest.releaseNext();
        }

        assertEquals(20, context.books.stats().booksVerified());
        assertEquals(symbols.stream().map(symbol -> "symbol=" + symbol).collect(Collectors.toList()),
                context.rest.urls().stream().map(url -> url.substring(url.indexOf("symbol="), url.indexOf('&'))).collect(Collectors.toList()),
                "in the order the symbols needed them");
    }

    @Test
    void bufferWaitingForASnapshotKeepsTheNewestDiffs()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(SPOT_BOOK, "/api/v3/depth", ok(snapshot(3)));

        for (long id = 1; id <= BinanceDepthSync.MAX_BUFFERED_UPDATES + 5; id++) {
            connection.push(spotDiff(id, id));
        }
        context.rest.releaseNext();

        assertEquals(5, context.metrics.count("depth.dropped-updates"));
        assertEquals(0, context.depths().size(), "diffs 1 to 5 are gone, so the snapshot at 3 no longer reaches the buffer");
        assertEquals(2, context.rest.requests().size(), "a newer snapshot is asked for");
    }

    @Test
    void reconnectOfManySymbolsResyncsTheirBooksOneSnapshotAtATime()
    {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            symbols.add("S" + i + "USDT");
        }
        context.rest.holdResponses();
        for (String symbol : symbols) {
            context.rest.answer("/api/v3/depth?symbol=" + symbol + "&", ok(snapshot(100)), ok(snapshot(200)));
        }
        context.connector("symbols = [" + String.join(", ", symbols) + "], channels = [book], exchange-info = false").start();
        FakeWebSockets.FakeConnection first = context.webSockets.last();
        for (String symbol : symbols) {
            first.push(spotDiff(symbol, 95, 101));
        }
        releaseOneAtATime(symbols.size());
        assertEquals(symbols.size(), context.books.stats().booksVerified());

        first.drop();
        context.scheduler.runNext();
        for (String symbol : symbols) {
            context.webSockets.last().push(spotDiff(symbol, 195, 201));
        }
        assertEquals(0, context.books.stats().booksVerified(), "every restarted diff stream discards its book");
        releaseOneAtATime(symbols.size());

        assertEquals(symbols.size(), context.books.stats().booksVerified());
        assertEquals(2 * symbols.size(), context.rest.requests().size(), "one snapshot per symbol and connection, no more");
        assertEquals(symbols.size(), context.depthSeqs().stream().filter(seq -> seq == 201L).count(), "every book bridged its new snapshot");
        assertEquals(0, context.books.stats().crossed());
    }

    private void releaseOneAtATime(int snapshots)
    {
        for (int released = 0; released < snapshots; released++) {
            assertEquals(1, context.rest.heldCount(), "one snapshot request at a time, after " + released + " answers");
            context.rest.releaseNext();
        }
        assertEquals(0, context.rest.heldCount());
    }

    @Test
    void failedSnapshotIsRetriedAtOnceThenAfterABackoff()
    {
        context.rest.answer("/api/v3/depth",
                FakeRest.status(500, Map.of(), "{\"code\":-1000,\"msg\":\"internal\"}"),
                FakeRest.status(503, Map.of(), ""),
                ok(snapshot(100)));
        context.connector(SPOT_BOOK).start();
        context.webSockets.last().push(spotDiff(95, 101));
        assertEquals(2, context.rest.requests().size());
        assertEquals(List.of(), context.depths());

        long delay = context.scheduler.runNext();

        assertTrue(delay <= 1_000_000_000L, "drawn between 0 and reconnect-backoff-min: " + delay);
        assertEquals(3, context.rest.requests().size());
        assertEquals(List.of(100L, 101L), context.depthSeqs());
    }

}
