package io.marketpipe.core.internal.book;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Drives the engine with seeded random deltas and compares the whole book with a plain sorted map
 * after every message: inserts and removals at every depth, growth from a small book, prices
 * written with different scales, and truncation.
 */
class BookEngineRandomUpdatesTest
{
    private static final Instrument BTC = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    private static final int PUBLISH_DEPTH = 10;

    @Test
    void matchesReferenceBookUnderRandomUpdates()
    {
        assertMatchesReference(0, 20, List.of(), 1);
    }

    @Test
    void matchesReferenceBookWhenGrowingFromFewLevels()
    {
        assertMatchesReference(0, 2, List.of(), 2);
    }

    @Test
    void matchesReferenceBookWithMaxDepth()
    {
        assertMatchesReference(25, 40, List.of(), 3);
    }

    @Test
    void matchesReferenceBookAfterFallingBackToExactPrices()
    {
        assertMatchesReference(0, 20, List.of(PriceLevel.parse("0.00000000000000000001", "1")), 4);
    }

    @Test
    void matchesReferenceBookWhosePricesAreFarFromEvenlySpaced()
    {
        // prices from 0.01 to 10^10, as many in each decade: the position of a price in the book
        // is nothing like its distance from the ends
        assertMatchesReference(0, 300, List.of(), 5, BookEngineRandomUpdatesTest::logUniformLevel);
    }

    @Test
    void matchesReferenceBookOfManyLevelsBunchedAtTheTop()
    {
        assertMatchesReference(0, 1000, List.of(), 6, BookEngineRandomUpdatesTest::randomLevel);
    }

    private static void assertMatchesReference(int maxDepth, int snapshotLevels, List<PriceLevel> extraBids, long seed)
    {
        assertMatchesReference(maxDepth, snapshotLevels, extraBids, seed, BookEngineRandomUpdatesTest::randomLevel);
    }

    private interface LevelSource
    {
        PriceLevel next(Random random, boolean bid, boolean mayRemove);
    }

    private static void assertMatchesReference(int maxDepth, int snapshotLevels, List<PriceLevel> extraBids, long seed, LevelSource levels)
    {
        Random random = new Random(seed);
        CapturingSink sink = new CapturingSink();
        BookEngine engine = new BookEngine("test", sink, Metrics.NOOP, () -> 0);
        engine.configure(BTC, new BookOptions(maxDepth, null, PUBLISH_DEPTH));
        TreeMap<BigDecimal, PriceLevel> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<BigDecimal, PriceLevel> asks = new TreeMap<>();

        List<PriceLevel> snapshotBids = new ArrayList<>(extraBids);
        List<PriceLevel> snapshotAsks = new ArrayList<>();
        for (int i = 0; i < snapshotLevels; i++) {
            snapshotBids.add(levels.next(random, true, false));
            snapshotAsks.add(levels.next(random, false, false));
        }
        apply(bids, snapshotBids, maxDepth);
        apply(asks, snapshotAsks, maxDepth);
        assertEquals(ApplyResult.APPLIED, engine.apply(new BookSnapshot(BTC, 0, 0, 100, snapshotBids, snapshotAsks)));
        BookView book = engine.book(BTC).orElseThrow();
        assertSameBook(bids, asks, book);

        for (long seq = 101; seq < 10_000; seq++) {
            List<PriceLevel> deltaBids = new ArrayList<>();
            List<PriceLevel> deltaAsks = new ArrayList<>();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                if (random.nextBoolean()) {
                    deltaBids.add(levels.next(random, true, true));
                }
                else {
                    deltaAsks.add(levels.next(random, false, true));
                }
            }
            apply(bids, deltaBids, maxDepth);
            apply(asks, deltaAsks, maxDepth);
            assertEquals(ApplyResult.APPLIED, engine.apply(new BookDelta(BTC, 0, 0, seq - 1, seq, deltaBids, deltaAsks)), "seq " + seq);
            assertSameBook(bids, asks, book);
            assertEquals(top(bids), sink.lastDepth().bids(), "published bids at seq " + seq);
            assertEquals(top(asks), sink.lastDepth().asks(), "published asks at seq " + seq);
        }
    }

    // prices cluster near the top of each side, where venues change the book most
    private static PriceLevel randomLevel(Random random, boolean bid, boolean mayRemove)
    {
        int distance = random.nextInt(60);
        long ticks = (long) distance * distance / 4 + random.nextInt(3);
        long cents = bid ? 99_999 - ticks : 100_001 + ticks;
        Decimal price = Decimal.of(cents, 2);
        int form = random.nextInt(20);
        if (form == 0) {
            price = Decimal.of(cents * 1000, 5);
        }
        else if (form == 1) {
            price = Decimal.of(cents * 10 + (bid ? -5 : 5), 3);
        }
        Decimal size = mayRemove && random.nextInt(3) == 0 ? Decimal.ZERO : Decimal.of(1 + random.nextInt(100_000), 4);
        return new PriceLevel(price, size);
    }

    // bids below 10^5 and asks above it, log-uniform within each side's five decades
    private static PriceLevel logUniformLevel(Random random, boolean bid, boolean mayRemove)
    {
        double decades = random.nextDouble() * 5;
        long cents = bid ? (long) Math.pow(10, 2 + decades) : (long) Math.pow(10, 7 + decades) + 1;
        Decimal size = mayRemove && random.nextInt(3) == 0 ? Decimal.ZERO : Decimal.of(1 + random.nextInt(100_000), 4);
        return new PriceLevel(Decimal.of(cents, 2), size);
    }

    private static void apply(TreeMap<BigDecimal, PriceLevel> side, List<PriceLevel> levels, int maxDepth)
    {
        for (PriceLevel level : levels) {
            if (level.size().isZero()) {
                side.remove(level.price().toBigDecimal());
            }
            else {
                side.put(level.price().toBigDecimal(), level);
            }
        }
        while (maxDepth > 0 && side.size() > maxDepth) {
            side.pollLastEntry();
        }
    }

    private static void assertSameBook(TreeMap<BigDecimal, PriceLevel> bids, TreeMap<BigDecimal, PriceLevel> asks, BookView book)
    {
        assertEquals(List.copyOf(bids.values()), book.topBids(Integer.MAX_VALUE));
        assertEquals(List.copyOf(asks.values()), book.topAsks(Integer.MAX_VALUE));
        assertEquals(bids.size(), book.bidLevels());
        assertEquals(asks.size(), book.askLevels());
        assertEquals(bids.isEmpty() ? null : bids.firstEntry().getValue().price(), book.bestBid());
        assertEquals(asks.isEmpty() ? null : asks.firstEntry().getValue().price(), book.bestAsk());
    }

    private static List<PriceLevel> top(TreeMap<BigDecimal, PriceLevel> side)
    {
        return side.values().stream().limit(PUBLISH_DEPTH).toList();
    }
}
