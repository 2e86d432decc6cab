package io.marketpipe.binance;

import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.venue.Faults;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bar of the resilience work: a synthetic Binance streams trades and depth at its recorded
 * pace for about half a minute while faults of every kind are injected one after another, at
 * random points, in a random order (seeded: {@code -Dfault-run.seed=...} repeats a run).
 * After each fault the pipeline must recover by itself: books verified again, the source healthy,
 * a connection fault followed by a new connection. At the end, the trade ids the store holds are
 * exactly those the venue published, none twice, and no book was ever crossed; health was seen
 * degraded during the faults and is healthy after.
 */
class BinanceRandomizedFaultRunTest
{
    private static final long SEED = Long.getLong("fault-run.seed", 20240808L);
    /** One frame per millisecond of recorded time. */
    private static final int FRAMES = 25_000;
    /** The script's end plays without faults, so that the last trades show any gap left. */
    private static final int QUIET_TAIL = 4_000;
    private static final Duration FAULT_BUDGET = Duration.ofSeconds(35);

    @Test
    void everyPublishedTradeIsStoredExactlyOnceThroughRandomFaults()
            throws IOException, InterruptedException
    {
        Random random = new Random(SEED);
        Map<Fault, Integer> injected = new EnumMap<>(Fault.class);
        Map<Fault, Integer> recovered = new EnumMap<>(Fault.class);
        String store = "marketpipe.stores = [{ type = collecting, name = randomized }]\n";
        try (FaultRun run = FaultRun.start(SEED, FRAMES, ReplaySpeed.parse("1x"), 500, "", store)) {
            run.awaitLive();
            HealthSampler health = new HealthSampler(run);
            health.start();
            run.venue.resume();

            long deadline = System.nanoTime() + FAULT_BUDGET.toNanos();
            while (run.venue.framesPlayed() < FRAMES - QUIET_TAIL && System.nanoTime() - deadline < 0) {
                Fault fault = Fault.values()[random.nextInt(Fault.values().length)];
                long injectedBefore = run.venue.injected();
                int connectionsBefore = run.venue.connectionCount();
                int expected = fault.arm(run.venue.faults(), 20 + random.nextInt(200), random);
                injected.merge(fault, 1, Integer::sum);

                run.await(fault + " was injected", () -> run.venue.injected() >= injectedBefore + expected);
                run.await("the pipeline recovered from " + fault, () -> (!fault.dropsConnection() || run.venue.connectionCount() > connectionsBefore)
                        && run.booksVerified() && run.health().isHealthy());
                recovered.merge(fault, 1, Integer::sum);
            }
            run.assertRecovered();
            health.stop();

            CollectingStore stored = CollectingStore.named("randomized");
            run.await("the store holds every published trade", () -> stored.tradeCounts().keySet().containsAll(run.market.publishedTrades()));
            Map<String, Integer> trades = stored.tradeCounts();
            String report = "seed " + SEED + ": " + run.market.publishedTrades().size() + " trades published, " + trades.size() + " stored, "
                    + run.counter("trades.backfilled") + " backfilled, " + run.counter("trades.duplicates") + " duplicates dropped, "
                    + run.books().gaps() + " book gaps, " + run.books().resyncs() + " resyncs, " + run.venue.connectionCount() + " connections; "
                    + "faults injected " + injected + ", recovered " + recovered + ", venue injections " + run.venue.injected()
                    + "; health samples " + health.levels();
            System.out.println("Randomized fault run, " + report);

            assertEquals(run.market.publishedTrades(), trades.keySet(), report);
            assertTrue(trades.values().stream().allMatch(count -> count == 1), "a trade stored twice; " + report);
            assertEquals(injected, recovered, report);
            assertTrue(injected.values().stream().mapToInt(Integer::intValue).sum() >= 10, "too few faults for a randomized run; " + report);
            assertTrue(health.seen("degraded") + health.seen("critical") > 0, "health never showed the faults; " + report);
            assertEquals("healthy", run.healthLevel());
        }
    }

    /**
     * The faults of the run. A REST fault is armed with a withheld frame whose repair needs the
     * venue's REST endpoints: a diff (a snapshot) or a trade (a backfill).
     */
    private enum Fault
    {
        DROP_WITH_FRAMES_IN_FLIGHT(true, frame((faults, after, random) -> faults.dropConnectionAfter(after, random.nextInt(40)))),
        SERVER_CLOSE(true, frame((faults, after, random) -> faults.closeConnectionAfter(after, 1001, "maintenance"))),
        HALF_OPEN(true, frame((faults, after, random) -> faults.stallAfter(after, Duration.ofMinutes(1)))),
        GARBAGE(false, frame((faults, after, random) -> faults.garbageAfter(after))),
        TRUNCATED_FRAME(false, frame((faults, after, random) -> faults.truncateFrameAfter(after))),
        SKIPPED_DIFF(false, frame((faults, after, random) -> faults.skipFrameMatching(SyntheticBinance::isDiff))),
        SKIPPED_TRADE(false, frame((faults, after, random) -> faults.skipFrameMatching(SyntheticBinance::isTrade))),
        REST_THROTTLED(false, oneRequest(faults -> faults.throttleRest(1, Duration.ofSeconds(1)), SyntheticBinance::isDiff)),
        REST_BANNED(false, oneRequest(faults -> faults.banRest(1, Duration.ofSeconds(1)), SyntheticBinance::isTrade)),
        REST_SERVER_ERROR(false, (faults, after, random) -> {
            int requests = 1 + random.nextInt(2);
            faults.failRest(requests, 500 + random.nextInt(4)).skipFrameMatching(random.nextBoolean() ? SyntheticBinance::isTrade : SyntheticBinance::isDiff);
            return requests + 1;
        }),
        REST_TIMEOUT(false, oneRequest(faults -> faults.slowRest(1, Duration.ofSeconds(3)), SyntheticBinance::isDiff)),
        REST_SLOW(false, oneRequest(faults -> faults.slowRest(1, Duration.ofMillis(300)), SyntheticBinance::isTrade));

        private final boolean dropsConnection;
        private final Arming arming;

        Fault(boolean dropsConnection, Arming arming)
        {
            this.dropsConnection = dropsConnection;
            this.arming = arming;
        }

        /**
         * Arms the fault to strike after that many frames (the frame-level ones) or at the next
         * request (the REST ones).
         *
         * @return how many injections it makes
         */
        int arm(Faults faults, int after, Random random)
        {
            return arming.arm(faults, after, random);
        }

        boolean dropsConnection()
        {
            return dropsConnection;
        }

        /**
         * A fault of one frame.
         */
        private static Arming frame(FrameFault fault)
        {
            return (faults, after, random) -> {
                fault.arm(faults, after, random);
                return 1;
            };
        }

        /**
         * A fault of the next REST request, with the frame whose repair sends that request withheld.
         */
        private static Arming oneRequest(UnaryOperator<Faults> restFault, Predicate<String> withheldFrame)
        {
            return (faults, after, random) -> {
                restFault.apply(faults).skipFrameMatching(withheldFrame);
                return 2;
            };
        }

        private interface Arming
        {
            int arm(Faults faults, int after, Random random);
        }

        private interface FrameFault
        {
            void arm(Faults faults, int after, Random random);
        }
    }

    /**
     * Runs the source's health check every few milliseconds and counts the levels it reports.
     */
    private static final class HealthSampler
    {
        private static final long EVERY_MILLIS = 2;

        private final FaultRun run;
        private final Map<String, LongAdder> levels = new ConcurrentHashMap<>();
        private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-sampler");
            thread.setDaemon(true);
            return thread;
        });

        HealthSampler(FaultRun run)
        {
            this.run = run;
        }

        void start()
        {
            sampler.scheduleAtFixedRate(this::sample, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        }

        void stop()
                throws InterruptedException
        {
            sampler.shutdown();
            assertTrue(sampler.awaitTermination(30, TimeUnit.SECONDS), "the health sampler stopped");
        }

        long seen(String level)
        {
            LongAdder count = levels.get(level);
            return count == null ? 0 : count.sum();
        }

        Map<String, Long> levels()
        {
            Map<String, Long> counts = new HashMap<>();
            levels.forEach((level, count) -> counts.put(level, count.sum()));
            return counts;
        }

        private void sample()
        {
            levels.computeIfAbsent(run.healthLevel(), level -> new LongAdder()).increment();
        }
    }
}
