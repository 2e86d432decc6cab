package io.marketpipe.core.internal.book;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.testkit.fakes.CountingMetrics;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BookEngineTest
{
    private static final Instrument BTC = Instrument.builder("okx", "spot", "BTC-USDT").base("BTC").quote("USDT").build();
    private static final Instrument ETH = Instrument.builder("okx", "spot", "ETH-USDT").base("ETH").quote("USDT").build();
    private static final long NOW = 1_700_000_000_000_000_000L;

    // CRC32 over the top three levels of each side, scale-independent, like a venue's would be
    private static final BookChecksum TOP_THREE_CRC = book -> checksumOf(book.topBids(3), book.topAsks(3));

    private final CapturingSink sink = new CapturingSink();
    private final CountingMetrics metrics = new CountingMetrics();
    private final BookEngine engine = new BookEngine("okx-spot", sink, metrics, () -> NOW);

    @Test
    void appliesSnapshotAndPublishesVerifiedDepth()
    {
        assertEquals(ApplyResult.APPLIED, engine.apply(snapshot(10, bids("100", "1", "99", "2"), asks("101", "3", "102", "4"))));

        BookDepth depth = sink.lastDepth();
        assertTrue(depth.snapshot());
        assertEquals(10, depth.seq());
        assertEquals(BTC, depth.instrument());
        assertEquals(bids("100", "1", "99", "2"), depth.bids());
        assertEquals(asks("101", "3", "102", "4"), depth.asks());
        BookView book = engine.book(BTC).orElseThrow();
        assertTrue(book.verified());
        assertEquals(10, book.seq());
        assertEquals(Decimal.parse("100"), book.bestBid());
        assertEquals(Decimal.parse("101"), book.bestAsk());
        assertEquals(new BookStats(1, 1, 0, 0, 0, 0), engine.stats());
        assertTrue(sink.statuses().isEmpty());
    }

    @Test
    void appliesDeltaOnTopOfSnapshot()
    {
        engine.apply(snapshot(10, bids("100", "1", "99", "2", "98", "3"), asks("101", "3", "102", "4")));

        ApplyResult result = engine.apply(new BookDelta(BTC, 5_000, 6_000, 10, 11,
                bids("99", "0", "99.5", "7", "100", "1.5"),
                asks("102", "0", "103", "1")));

        assertEquals(ApplyResult.APPLIED, result);
        BookDepth depth = sink.lastDepth();
        assertFalse(depth.snapshot());
        assertEquals(11, depth.seq());
        assertEquals(5_000, depth.venueNanos());
        assertEquals(6_000, depth.receivedNanos());
        assertEquals(bids("100", "1.5", "99.5", "7", "98", "3"), depth.bids());
        assertEquals(asks("101", "3", "103", "1"), depth.asks());
        assertEquals(11, engine.book(BTC).orElseThrow().seq());
    }

    @Test
    void publishesTopLevelsBestFirst()
    {
        engine.configure(BTC, BookOptions.DEFAULT.withPublishDepth(3));
        // deliberately out of order: the engine sorts, it does not trust the message
        engine.apply(snapshot(1,
                bids("97", "1", "100", "1", "95", "1", "99", "1", "98", "1", "96", "1"),
                asks("105", "1", "101", "1", "104", "1", "102", "1", "103", "1")));

        BookDepth depth = sink.lastDepth();
        assertEquals(List.of("100", "99", "98"), prices(depth.bids()));
        assertEquals(List.of("101", "102", "103"), prices(depth.asks()));
        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(6, book.bidLevels());
        assertEquals(5, book.askLevels());
        assertEquals(List.of("100", "99", "98", "97", "96", "95"), prices(book.topBids(100)));
        assertEquals(List.of(), book.topAsks(0));
    }

    @Test
    void detectsGapAndStaysUnverifiedUntilSnapshot()
    {
        engine.apply(snapshot(10, bids("100", "1"), asks("101", "1")));
        sink.clear();

        assertEquals(ApplyResult.GAP, engine.apply(delta(12, 13, bids("100", "2"), asks())));

        assertTrue(sink.depths().isEmpty());
        SourceStatus gap = single(sink.statuses());
        assertEquals(SourceStatus.Kind.GAP, gap.kind());
        assertEquals("okx-spot", gap.source());
        assertEquals("okx", gap.venue());
        assertEquals("spot", gap.market());
        assertEquals(BTC, gap.instrument());
        assertEquals("sequence gap: expected prevSeq 10, got 12 (delta seq 13)", gap.reason());
        assertFalse(engine.book(BTC).orElseThrow().verified());
        assertEquals(new BookStats(1, 0, 1, 0, 0, 0), engine.stats());

        // even a delta that would have followed the book is refused until a snapshot arrives
        sink.clear();
        assertEquals(ApplyResult.NOT_SYNCED, engine.apply(delta(10, 11, bids("100", "3"), asks())));
        assertTrue(sink.events().isEmpty());

        assertEquals(ApplyResult.APPLIED, engine.apply(snapshot(20, bids("100", "5"), asks("101", "1"))));
        SourceStatus resync = single(sink.statuses());
        assertEquals(SourceStatus.Kind.RESYNC, resync.kind());
        assertTrue(resync.reason().contains("seq 20"), resync.reason());
        assertTrue(engine.book(BTC).orElseThrow().verified());
        assertEquals(ApplyResult.APPLIED, engine.apply(delta(20, 21, bids("100", "6"), asks())));
        assertEquals(bids("100", "6"), sink.lastDepth().bids());
        assertEquals(new BookStats(1, 1, 1, 1, 0, 0), engine.stats());
    }

    @Test
    void ignoresStaleDelta()
    {
        engine.apply(snapshot(10, bids("100", "1"), asks("101", "1")));
        sink.clear();

        assertEquals(ApplyResult.STALE, engine.apply(delta(8, 9, bids("100", "9"), asks())));
        assertEquals(ApplyResult.STALE, engine.apply(delta(9, 10, bids("100", "9"), asks())));

        assertTrue(sink.events().isEmpty());
        BookView book = engine.book(BTC).orElseThrow();
        assertTrue(book.verified());
        assertEquals(bids("100", "1"), book.topBids(10));
        assertEquals(ApplyResult.APPLIED, engine.apply(delta(10, 11, bids("100", "2"), asks())));
        assertEquals(new BookStats(1, 1, 0, 0, 0, 0), engine.stats());
        assertEquals(2, metrics.count("book.stale"));
    }

    @Test
    void refusesDeltaBeforeFirstSnapshot()
    {
        assertEquals(ApplyResult.NOT_SYNCED, engine.apply(delta(1, 2, bids("100", "1"), asks())));

        assertTrue(sink.events().isEmpty());
        assertTrue(engine.book(BTC).isEmpty());
        assertEquals(BookStats.EMPTY, engine.stats());
        assertEquals(1, metrics.count("book.not-synced"));
    }

    @Test
    void appliesUnchainedDeltasWhenVenueHasNoSequence()
    {
        engine.apply(snapshot(-1, bids("100", "1"), asks("101", "1")));

        assertEquals(ApplyResult.APPLIED, engine.apply(delta(-1, -1, bids("100", "2"), asks())));
        assertEquals(ApplyResult.APPLIED, engine.apply(delta(-1, -1, bids(), asks("101", "0", "101.5", "4"))));

        BookDepth depth = sink.lastDepth();
        assertEquals(-1, depth.seq());
        assertEquals(bids("100", "2"), depth.bids());
        assertEquals(asks("101.5", "4"), depth.asks());
    }

    @Test
    void dropsLevelsBeyondMaxDepth()
    {
        engine.configure(BTC, BookOptions.DEFAULT.withMaxDepth(3));
        engine.apply(snapshot(1, bids("100", "1", "99", "1", "98", "1", "97", "1", "96", "1"), asks("101", "1", "102", "1", "103", "1", "104", "1")));

        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(List.of("100", "99", "98"), prices(book.topBids(10)));
        assertEquals(List.of("101", "102", "103"), prices(book.topAsks(10)));

        // a better bid pushes the worst out; removing the best does not bring the dropped level back
        engine.apply(delta(1, 2, bids("100.5", "1"), asks()));
        assertEquals(List.of("100.5", "100", "99"), prices(book.topBids(10)));
        engine.apply(delta(2, 3, bids("100.5", "0"), asks("101", "0")));
        assertEquals(List.of("100", "99"), prices(book.topBids(10)));
        assertEquals(List.of("102", "103"), prices(book.topAsks(10)));
        assertEquals(List.of("100", "99"), prices(sink.lastDepth().bids()));
    }

    @Test
    void reportsChecksumMismatch()
    {
        engine.configure(BTC, BookOptions.DEFAULT.withChecksum(TOP_THREE_CRC));
        List<PriceLevel> bids = bids("100", "1", "99", "2");
        List<PriceLevel> asks = asks("101", "3");
        engine.apply(new BookSnapshot(BTC, 0, 0, 5, bids, asks, checksumOf(bids, asks)));
        List<PriceLevel> bidsAfter = bids("100", "1.5", "99", "2");
        assertEquals(ApplyResult.APPLIED, engine.apply(new BookDelta(BTC, 0, 0, 5, 6, bids("100", "1.5"), asks(), checksumOf(bidsAfter, asks))));
        sink.clear();

        long expected = checksumOf(bids("100", "9", "99", "2"), asks);
        ApplyResult result = engine.apply(new BookDelta(BTC, 0, 0, 6, 7, bids("100", "8"), asks(), expected));

        assertEquals(ApplyResult.CHECKSUM_MISMATCH, result);
        assertTrue(sink.depths().isEmpty());
        SourceStatus status = single(sink.statuses());
        assertEquals(SourceStatus.Kind.CHECKSUM_MISMATCH, status.kind());
        long computed = checksumOf(bids("100", "8", "99", "2"), asks);
        assertEquals("checksum mismatch at seq 7: expected " + expected + " from the venue, computed " + computed, status.reason());
        assertFalse(engine.book(BTC).orElseThrow().verified());
        assertEquals(new BookStats(1, 0, 0, 0, 1, 0, 2), engine.stats(), "the snapshot's and the first delta's checksums agreed");
        assertEquals(ApplyResult.NOT_SYNCED, engine.apply(delta(7, 8, bids("100", "1"), asks())));
    }

    @Test
    void verifiesSnapshotChecksum()
    {
        engine.configure(BTC, BookOptions.DEFAULT.withChecksum(TOP_THREE_CRC));

        ApplyResult result = engine.apply(new BookSnapshot(BTC, 0, 0, 5, bids("100", "1"), asks("101", "1"), 42));

        assertEquals(ApplyResult.CHECKSUM_MISMATCH, result);
        assertTrue(sink.depths().isEmpty());
        assertEquals(SourceStatus.Kind.CHECKSUM_MISMATCH, single(sink.statuses()).kind());
        assertFalse(engine.book(BTC).orElseThrow().verified());
        assertEquals(new BookStats(1, 0, 0, 0, 1, 0), engine.stats());
    }

    @Test
    void ignoresChecksumWhenMessageHasNone()
    {
        engine.configure(BTC, BookOptions.DEFAULT.withChecksum(book -> {
            throw new AssertionError("checksum computed for a message without one");
        }));

        assertEquals(ApplyResult.APPLIED, engine.apply(snapshot(1, bids("100", "1"), asks("101", "1"))));
        assertEquals(ApplyResult.APPLIED, engine.apply(delta(1, 2, bids("100", "2"), asks())));
    }

    @Test
    void detectsCrossedBook()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("100.5", "1", "101", "1")));
        sink.clear();

        assertEquals(ApplyResult.CROSSED, engine.apply(delta(1, 2, bids("100.50", "2"), asks())));

        assertTrue(sink.depths().isEmpty());
        SourceStatus status = single(sink.statuses());
        assertEquals(SourceStatus.Kind.CROSSED_BOOK, status.kind());
        assertEquals("crossed book at seq 2: best bid 100.50 >= best ask 100.5", status.reason());
        assertFalse(engine.book(BTC).orElseThrow().verified());
        assertEquals(new BookStats(1, 0, 0, 0, 0, 1), engine.stats());
    }

    @Test
    void detectsCrossedSnapshot()
    {
        assertEquals(ApplyResult.CROSSED, engine.apply(snapshot(1, bids("101", "1"), asks("100", "1"))));

        assertTrue(sink.depths().isEmpty());
        assertEquals(SourceStatus.Kind.CROSSED_BOOK, single(sink.statuses()).kind());
        assertEquals(new BookStats(1, 0, 0, 0, 0, 1), engine.stats());
    }

    @Test
    void treatsPricesOfDifferentScaleAsOneLevel()
    {
        engine.apply(snapshot(1, bids("100.50", "1", "100.4", "1"), asks("101", "1")));

        engine.apply(delta(1, 2, bids("100.5", "2"), asks("101.000", "3")));
        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(2, book.bidLevels());
        assertEquals(1, book.askLevels());
        assertEquals("2", book.topBids(1).get(0).size().toString());
        assertEquals("3", book.topAsks(1).get(0).size().toString());

        engine.apply(delta(2, 3, bids("100.500000", "0"), asks()));
        assertEquals(List.of("100.4"), prices(book.topBids(10)));
    }

    @Test
    void keepsSizesExactly()
    {
        engine.apply(snapshot(1, bids("100", "0.00000001"), asks("101", "123456789.123456789")));
        engine.apply(delta(1, 2, bids("99", "1.10"), asks()));

        BookDepth depth = sink.lastDepth();
        assertEquals("0.00000001", depth.bids().get(0).size().toString());
        assertEquals("1.10", depth.bids().get(1).size().toString());
        assertEquals("123456789.123456789", depth.asks().get(0).size().toString());
    }

    @Test
    void widensScaleForFinerPrices()
    {
        engine.apply(snapshot(1, bids("100.5", "1", "100", "1"), asks("101", "1", "102.5", "1")));

        engine.apply(delta(1, 2, bids("100.25", "1", "100.125", "1", "100.0625", "1"), asks("101.75", "1", "101.000001", "1")));

        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(List.of("100.5", "100.25", "100.125", "100.0625", "100"), prices(book.topBids(10)));
        assertEquals(List.of("101", "101.000001", "101.75", "102.5"), prices(book.topAsks(10)));
        engine.apply(delta(2, 3, bids("100.125", "0"), asks("101.000001", "0")));
        assertEquals(List.of("100.5", "100.25", "100.0625", "100"), prices(book.topBids(10)));
        assertEquals(List.of("101", "101.75", "102.5"), prices(book.topAsks(10)));
    }

    @Test
    void keepsPricesThatDoNotFitALong()
    {
        engine.apply(snapshot(1, bids("100", "1", "99", "1"), asks("101", "1")));

        String fine = "99.0000000000000000001";
        String huge = "123456789012345678901234.5";
        assertEquals(ApplyResult.APPLIED, engine.apply(delta(1, 2, bids(fine, "2", "99.5", "3"), asks(huge, "4", "100.75", "5"))));

        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(List.of("100", "99.5", fine, "99"), prices(book.topBids(10)));
        assertEquals(List.of("100.75", "101", huge), prices(book.topAsks(10)));
        engine.apply(delta(2, 3, bids(fine, "0", "100", "0"), asks("100.75", "0")));
        assertEquals(List.of("99.5", "99"), prices(book.topBids(10)));
        assertEquals(List.of("101", huge), prices(sink.lastDepth().asks()));
    }

    @Test
    void removingAnAbsentLevelChangesNothing()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("101", "1")));

        assertEquals(ApplyResult.APPLIED, engine.apply(delta(1, 2, bids("99", "0", "99.123456789012345678901", "0"), asks("105", "0"))));

        BookView book = engine.book(BTC).orElseThrow();
        assertEquals(bids("100", "1"), book.topBids(10));
        assertEquals(asks("101", "1"), book.topAsks(10));
        assertTrue(book.verified());
    }

    @Test
    void invalidateDiscardsBookAndCountsGap()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("101", "1")));
        sink.clear();

        engine.invalidate(BTC, "websocket disconnected");

        SourceStatus status = single(sink.statuses());
        assertEquals(SourceStatus.Kind.GAP, status.kind());
        assertEquals("websocket disconnected", status.reason());
        assertEquals(NOW, status.receivedNanos());
        assertTrue(engine.book(BTC).isEmpty());
        assertEquals(new BookStats(1, 0, 1, 0, 0, 0), engine.stats());
        assertEquals(ApplyResult.NOT_SYNCED, engine.apply(delta(1, 2, bids("100", "2"), asks())));

        engine.apply(snapshot(5, bids("100", "3"), asks("101", "1")));
        assertEquals(bids("100", "3"), engine.book(BTC).orElseThrow().topBids(10));
        assertEquals(new BookStats(1, 1, 1, 1, 0, 0), engine.stats());
    }

    @Test
    void refreshingAVerifiedBookIsNotAResync()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("101", "1")));
        engine.apply(snapshot(7, bids("99", "1"), asks("101", "1")));

        assertTrue(sink.statuses().isEmpty());
        assertEquals(new BookStats(1, 1, 0, 0, 0, 0), engine.stats());
        assertEquals(bids("99", "1"), engine.book(BTC).orElseThrow().topBids(10));
    }

    @Test
    void keepsOneIndependentBookPerInstrument()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("101", "1")));
        engine.apply(new BookSnapshot(ETH, 0, 0, 50, bids("10", "1"), asks("11", "1")));

        assertEquals(ApplyResult.GAP, engine.apply(delta(3, 4, bids(), asks())));

        assertFalse(engine.book(BTC).orElseThrow().verified());
        assertTrue(engine.book(ETH).orElseThrow().verified());
        assertEquals(ApplyResult.APPLIED, engine.apply(new BookDelta(ETH, 0, 0, 50, 51, bids("10", "2"), List.of())));
        assertEquals(ETH, sink.lastDepth().instrument());
        assertEquals(new BookStats(2, 1, 1, 0, 0, 0), engine.stats());
    }

    @Test
    void countsInMetrics()
    {
        engine.apply(snapshot(1, bids("100", "1"), asks("101", "1")));
        engine.apply(delta(1, 2, bids("100", "2"), asks()));
        engine.apply(delta(5, 6, bids("100", "2"), asks()));
        engine.apply(snapshot(10, bids("100", "1"), asks("101", "1")));
        engine.apply(delta(10, 11, bids("102", "1"), asks()));
        engine.apply(new BookSnapshot(ETH, 0, 0, 1, bids("10", "1"), asks("11", "1")));

        assertEquals(4, metrics.count("book.applied"));
        assertEquals(3, metrics.count("book.snapshots"));
        assertEquals(1, metrics.count("book.gaps"));
        assertEquals(1, metrics.count("book.resyncs"));
        assertEquals(1, metrics.count("book.crossed"));
        assertEquals(0, metrics.count("book.checksum-mismatches"));
        assertEquals(2, metrics.gauge("book.books"));
        assertEquals(1, metrics.gauge("book.books-verified"));
    }

    @Test
    void addsStatsOfSeveralEngines()
    {
        BookStats first = new BookStats(3, 2, 5, 4, 1, 0);
        BookStats second = new BookStats(1, 1, 0, 0, 2, 7);

        assertEquals(new BookStats(4, 3, 5, 4, 3, 7), first.plus(second));
        assertEquals(first, BookStats.EMPTY.plus(first));
    }

    @Test
    void configuringWithoutSnapshotCreatesNoBook()
    {
        BookEngine fresh = new BookEngine("okx-spot", sink, metrics, MarketClock.SYSTEM);
        fresh.configure(BTC, BookOptions.DEFAULT.withMaxDepth(5));

        assertTrue(fresh.book(BTC).isEmpty());
        assertEquals(BookStats.EMPTY, fresh.stats());
    }

    /**
     * @return the checksum a venue would send for a book whose best levels on each side are these
     */
    private static long checksumOf(List<PriceLevel> bids, List<PriceLevel> asks)
    {
        StringBuilder text = new StringBuilder();
        appendTopThree(text, bids);
        text.append('|');
        appendTopThree(text, asks);
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static void appendTopThree(StringBuilder text, List<PriceLevel> levels)
    {
        for (PriceLevel level : levels.subList(0, Math.min(3, levels.size()))) {
            text.append(level.price().toNormalizedString()).append(':').append(level.size().toNormalizedString()).append(';');
        }
    }

    private static BookSnapshot snapshot(long seq, List<PriceLevel> bids, List<PriceLevel> asks)
    {
        return new BookSnapshot(BTC, 1_000, 2_000, seq, bids, asks);
    }

    private static BookDelta delta(long prevSeq, long seq, List<PriceLevel> bids, List<PriceLevel> asks)
    {
        return new BookDelta(BTC, 3_000, 4_000, prevSeq, seq, bids, asks);
    }

    static List<PriceLevel> bids(String... pricesAndSizes)
    {
        return levels(pricesAndSizes);
    }

    static List<PriceLevel> asks(String... pricesAndSizes)
    {
        return levels(pricesAndSizes);
    }

    private static List<PriceLevel> levels(String... pricesAndSizes)
    {
        List<PriceLevel> levels = new ArrayList<>();
        for (int i = 0; i < pricesAndSizes.length; i += 2) {
            levels.add(PriceLevel.parse(pricesAndSizes[i], pricesAndSizes[i + 1]));
        }
        return levels;
    }

    private static List<String> prices(List<PriceLevel> levels)
    {
        return levels.stream().map(level -> level.price().toString()).toList();
    }

    private static <T> T single(List<T> items)
    {
        assertEquals(1, items.size(), () -> "expected exactly one, got " + items);
        return items.get(0);
    }
}
