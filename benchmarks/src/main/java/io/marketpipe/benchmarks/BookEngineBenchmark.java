package io.marketpipe.benchmarks;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.core.PipelineParts;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Updates per second of {@link OrderBooks#apply(BookDelta)} (the runtime's book engine) on a 1000-level book publishing the
 * top 10 levels per side: deltas of one to four levels, mostly near the top, with size changes,
 * removals and inserts, as a busy spot pair sends them.
 *
 * <p>{@code prices = exact} adds one level per side whose price does not fit a scaled long, so the
 * books fall back to exact decimal keys (a {@code TreeMap}): the slow path, measured for comparison.
 * The snapshot benchmark measures replacing a book of 5000 levels per side.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class BookEngineBenchmark
{
    private static final Instrument INSTRUMENT = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    private static final int LEVELS = 1000;
    // the grid of prices each side may hold: the book plus room for levels to come and go
    private static final int GRID = 1200;
    private static final long MID_CENTS = 6_183_750;
    @Param({"scaled", "exact"})
    public String prices;

    /**
     * How many distinct deltas are applied in turn. In the pipeline a delta is applied right after
     * the decoder allocated it, while its objects are in cache: 1024 deltas (about 300 KB) stay
     * within a core's L2 cache like that; 16384 (about 5 MB) make every delta's objects a cache
     * miss, which measures the engine with its input cold.
     */
    @Param({"1024", "16384"})
    public int deltaCount;

    private OrderBooks engine;
    private BookDelta[] deltas;
    private BookSnapshot largeSnapshot;
    private int next;
    // the sink keeps the last event, so publishing cannot be optimised away
    private MarketEvent published;

    @Setup(Level.Trial)
    public void setUp()
    {
        Random random = new Random(42);
        engine = PipelineParts.orderBooks("bench", event -> published = event, PipelineParts.metrics(new MetricRegistry(), "connector.bench"), MarketClock.SYSTEM);
        engine.configure(INSTRUMENT, BookOptions.DEFAULT.withPublishDepth(10));

        BitSet bids = new BitSet(GRID);
        BitSet asks = new BitSet(GRID);
        bids.set(0, LEVELS);
        asks.set(0, LEVELS);
        List<PriceLevel> snapshotBids = new ArrayList<>();
        List<PriceLevel> snapshotAsks = new ArrayList<>();
        for (int tick = 0; tick < LEVELS; tick++) {
            snapshotBids.add(level(true, tick, random));
            snapshotAsks.add(level(false, tick, random));
        }
        snapshotBids.addAll(oddLevels(true));
        snapshotAsks.addAll(oddLevels(false));
        ApplyResult loaded = engine.apply(new BookSnapshot(INSTRUMENT, 0, 0, -1, snapshotBids, snapshotAsks));
        if (loaded != ApplyResult.APPLIED) {
            throw new IllegalStateException("snapshot not applied: " + loaded);
        }

        // the deltas replay in a loop, so they carry no sequence the book could find stale
        if (Integer.bitCount(deltaCount) != 1) {
            throw new IllegalArgumentException("deltaCount must be a power of two, got " + deltaCount);
        }
        deltas = new BookDelta[deltaCount];
        for (int i = 0; i < deltaCount; i++) {
            List<PriceLevel> deltaBids = new ArrayList<>();
            List<PriceLevel> deltaAsks = new ArrayList<>();
            int changes = 1 + random.nextInt(4);
            for (int change = 0; change < changes; change++) {
                boolean bid = random.nextBoolean();
                BitSet side = bid ? bids : asks;
                double r = random.nextDouble();
                int tick = (int) (GRID * r * r * r);
                PriceLevel level;
                if (side.get(tick) && random.nextInt(side.cardinality() >= LEVELS ? 2 : 5) == 0) {
                    side.clear(tick);
                    level = new PriceLevel(price(bid, tick), Decimal.ZERO);
                }
                else {
                    side.set(tick);
                    level = level(bid, tick, random);
                }
                (bid ? deltaBids : deltaAsks).add(level);
            }
            deltas[i] = new BookDelta(INSTRUMENT, 0, 0, -1, -1, deltaBids, deltaAsks);
        }

        List<PriceLevel> largeBids = new ArrayList<>();
        List<PriceLevel> largeAsks = new ArrayList<>();
        for (int tick = 0; tick < 5000; tick++) {
            largeBids.add(level(true, tick, random));
            largeAsks.add(level(false, tick, random));
        }
        largeBids.addAll(oddLevels(true));
        largeAsks.addAll(oddLevels(false));
        largeSnapshot = new BookSnapshot(Instrument.spot("binance", "ETHUSDT", "ETH", "USDT"), 0, 0, -1, largeBids, largeAsks);
    }

    @Benchmark
    public ApplyResult applyDelta()
    {
        BookDelta delta = deltas[next];
        next = (next + 1) & (deltaCount - 1);
        return engine.apply(delta);
    }

    @Benchmark
    public ApplyResult applySnapshotOf5000LevelsPerSide()
    {
        return engine.apply(largeSnapshot);
    }

    // far from the top, so the deltas never touch them
    private List<PriceLevel> oddLevels(boolean bid)
    {
        if (prices.equals("scaled")) {
            return List.of();
        }
        return List.of(bid ? PriceLevel.parse("0.000000000000000000001", "1") : PriceLevel.parse("99999999999999999999.5", "1"));
    }

    private static PriceLevel level(boolean bid, int tick, Random random)
    {
        // Binance writes eight decimals for both price and size
        return new PriceLevel(price(bid, tick), Decimal.of(1 + random.nextInt(500_000_000), 8));
    }

    private static Decimal price(boolean bid, int tick)
    {
        long cents = bid ? MID_CENTS - 1 - tick : MID_CENTS + 1 + tick;
        return Decimal.of(cents * 1_000_000, 8);
    }
}
