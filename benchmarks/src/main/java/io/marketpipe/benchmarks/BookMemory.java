package io.marketpipe.benchmarks;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.core.PipelineParts;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Heap held by many verified books under a steady stream of updates:
 * {@code java -cp benchmarks.jar io.marketpipe.benchmarks.BookMemory [--books N] [--levels N] [--seconds N]}.
 *
 * <p>Loads N books (500 by default) of L levels per side (1000) in one order book engine ({@link PipelineParts#orderBooks}), as 500
 * instrument streams would, then applies deltas of one to four levels round the books for the given
 * time (60 s; the figure is over 600 s), printing the heap in use after a full collection every
 * tenth of the run: flat when nothing accumulates.
 */
public final class BookMemory
{
    private static final long MID_CENTS = 6_183_750;

    private BookMemory() {}

    public static void main(String[] args)
            throws InterruptedException
    {
        int books = 500;
        int levels = 1000;
        int seconds = 60;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--books" -> books = Integer.parseInt(args[++i]);
                case "--levels" -> levels = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.out.printf(Locale.ROOT, "heap in use before: %.1f MB%n", usedAfterGc(memory));
        PipelineParts.MeasuredBooks engine = PipelineParts.orderBooks("memory", event -> { }, PipelineParts.metrics(new MetricRegistry(), "connector.memory"), MarketClock.SYSTEM);
        Random random = new Random(7);
        List<Instrument> instruments = new ArrayList<>();
        for (int book = 0; book < books; book++) {
            Instrument instrument = Instrument.spot("binance", "SYM" + book + "USDT", "SYM" + book, "USDT");
            instruments.add(instrument);
            engine.configure(instrument, BookOptions.DEFAULT.withPublishDepth(10));
            List<PriceLevel> bids = new ArrayList<>(levels);
            List<PriceLevel> asks = new ArrayList<>(levels);
            for (int tick = 0; tick < levels; tick++) {
                bids.add(level(true, tick, random));
                asks.add(level(false, tick, random));
            }
            ApplyResult loaded = engine.apply(new BookSnapshot(instrument, 0, 0, -1, bids, asks));
            if (loaded != ApplyResult.APPLIED) {
                throw new IllegalStateException("snapshot not applied: " + loaded);
            }
        }
        System.out.printf(Locale.ROOT, "heap in use with %d books of %d levels per side: %.1f MB%n", books, levels, usedAfterGc(memory));

        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long report = TimeUnit.SECONDS.toNanos(Math.max(1, seconds / 10));
        long nextReport = System.nanoTime() + report;
        long updates = 0;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                Instrument instrument = instruments.get(random.nextInt(books));
                List<PriceLevel> bids = new ArrayList<>(4);
                List<PriceLevel> asks = new ArrayList<>(4);
                int changes = 1 + random.nextInt(4);
                for (int change = 0; change < changes; change++) {
                    boolean bid = random.nextBoolean();
                    double r = random.nextDouble();
                    int tick = (int) (levels * 1.2 * r * r * r);
                    // a removal now and then, put back by a later update at the same price
                    PriceLevel level = random.nextInt(5) == 0 ? new PriceLevel(price(bid, tick), Decimal.ZERO) : level(bid, tick, random);
                    (bid ? bids : asks).add(level);
                }
                engine.apply(new BookDelta(instrument, 0, 0, -1, -1, bids, asks));
                updates += changes;
            }
            if (System.nanoTime() >= nextReport) {
                nextReport += report;
                System.out.printf(Locale.ROOT, "after %,d level updates: %.1f MB%n", updates, usedAfterGc(memory));
            }
        }
        double used = usedAfterGc(memory);
        // the engine is used after the measurement, so that it is still held while measured
        System.out.printf(Locale.ROOT, "end, %,d level updates: %.1f MB (%s)%n", updates, used, engine.stats());
    }

    private static double usedAfterGc(MemoryMXBean memory)
            throws InterruptedException
    {
        System.gc();
        Thread.sleep(100);
        return memory.getHeapMemoryUsage().getUsed() / 1e6;
    }

    private static PriceLevel level(boolean bid, int tick, Random random)
    {
        return new PriceLevel(price(bid, tick), Decimal.of(1 + random.nextInt(500_000_000), 8));
    }

    private static Decimal price(boolean bid, int tick)
    {
        long cents = bid ? MID_CENTS - 1 - tick : MID_CENTS + 1 + tick;
        return Decimal.of(cents * 1_000_000, 8);
    }
}
