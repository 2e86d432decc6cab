package io.marketpipe.binance;

import com.codahale.metrics.Gauge;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.venue.FaultKind;
import io.marketpipe.testkit.venue.VenueConnection;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faults a venue throws, one at a time, against the real connector in an embedded pipeline
 * and a synthetic Binance on loopback. Each test lets the venue play until every book is verified,
 * injects its fault, plays the rest, and checks that the pipeline recovered by itself: every trade
 * the venue published arrived exactly once, books are verified again and never crossed, and the
 * source is healthy.
 */
class BinanceFaultInjectionTest
{
    private static final long SEED = 20240808;
    private static final int FRAMES = 3000;
    private static final int LIVE_AFTER = 600;
    /** The scenario stalls a store for 60 s; a short stall exercises the same paths. */
    private static final Duration STORE_STALL = Duration.ofSeconds(3);

    @Test
    void disconnectMidStreamLosesNoTrade()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().dropConnectionAfter(200, 40);

            run.assertRecovered();

            long lostTrades = run.venue.lostFrames().stream().filter(SyntheticBinance::isTrade).count();
            assertTrue(lostTrades > 0, "trades were in flight when the connection dropped");
            assertTrue(run.received.backfilled() >= lostTrades, "the trades in flight were fetched: " + run.received.backfilled() + " of " + lostTrades);
            assertEquals(2, run.venue.connectionCount());
            assertFalse(run.received.statuses(SourceStatus.Kind.RESYNC).isEmpty(), "books were rebuilt from new snapshots");
        }
    }

    @Test
    void halfOpenConnectionIsProbedThenReplaced()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().stallAfter(200, Duration.ofMinutes(1));

            run.assertRecovered();

            VenueConnection silent = run.venue.connections().get(0);
            assertTrue(silent.received().stream().anyMatch(message -> message.contains("LIST_SUBSCRIPTIONS")), "the silent connection was probed: " + silent.received());
            assertFalse(run.received.statuses(SourceStatus.Kind.STALE).isEmpty());
            assertEquals(2, run.venue.connectionCount(), "the stalled connection was replaced");
        }
    }

    @Test
    void garbageAndTruncatedFramesAreCountedAndWhatTheyCarriedIsRecovered()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().garbageAfter(100).truncateFrameAfter(150).truncateFrameAfter(300);

            run.assertRecovered();

            assertEquals(3, run.counter("frames.invalid"));
            assertEquals(1, run.venue.connectionCount(), "bad frames never drop the connection");
        }
    }

    @Test
    void sequenceGapsResyncTheBookAndBackfillTheTrades()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().skipFrameMatching(SyntheticBinance::isDiff).skipFrameMatching(SyntheticBinance::isTrade);

            run.assertRecovered();

            assertEquals(2, run.venue.injected(FaultKind.SKIP));
            assertTrue(run.books().gaps() >= 1, "the withheld diff was detected");
            assertFalse(run.received.statuses(SourceStatus.Kind.RESYNC).isEmpty());
            assertTrue(run.received.backfilled() >= 1, "the withheld trade was fetched");
        }
    }

    @Test
    void throttledAndBannedRestIsWaitedOut()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().throttleRest(1, Duration.ofSeconds(1)).banRest(1, Duration.ofSeconds(1)).skipFrameMatching(SyntheticBinance::isDiff);

            run.assertRecovered();

            assertEquals(1, run.venue.injected(FaultKind.REST_THROTTLED));
            assertEquals(1, run.venue.injected(FaultKind.REST_BANNED));
            assertEquals(2, run.counter("rest.throttled"), "the transport paused the venue's requests twice");
        }
    }

    @Test
    void restServerErrorsAndTimeoutsAreRetried()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults()
                    .failRest(2, 503)
                    .slowRest(1, Duration.ofSeconds(3))
                    .skipFrameMatching(SyntheticBinance::isDiff)
                    .skipFrameMatching(SyntheticBinance::isTrade);

            run.assertRecovered();

            assertEquals(2, run.venue.injected(FaultKind.REST_SERVER_ERROR));
            assertEquals(1, run.venue.injected(FaultKind.REST_SLOW), "answered after the 2 s read timeout");
        }
    }

    @Test
    void slowRestIsAwaited()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().slowRest(2, Duration.ofMillis(500)).skipFrameMatching(SyntheticBinance::isDiff).skipFrameMatching(SyntheticBinance::isTrade);

            run.assertRecovered();

            assertEquals(2, run.venue.injected(FaultKind.REST_SLOW));
        }
    }

    @Test
    void serverInitiatedCloseIsFollowedByAReconnect()
            throws IOException
    {
        try (FaultRun run = startLive("", "")) {
            run.venue.faults().closeConnectionAfter(200, 1001, "maintenance");

            run.assertRecovered();

            assertEquals(2, run.venue.connectionCount());
            assertTrue(run.received.statuses(SourceStatus.Kind.DISCONNECTED).get(0).reason().contains("closed by the venue (1001 maintenance)"),
                    run.received.statuses(SourceStatus.Kind.DISCONNECTED).toString());
        }
    }

    @Test
    void circuitBreakerOpensWhileEveryAttemptFailsAndClosesOnceOneSucceeds()
            throws IOException
    {
        try (FaultRun run = startLive("circuit-breaker-threshold = 3, circuit-breaker-open = 1s", "")) {
            // the live connection, then three new ones before their first frame
            for (int drop = 0; drop < 4; drop++) {
                run.venue.faults().dropConnectionAfter(0);
            }
            run.venue.resume();

            run.await("the breaker opened and the source is critical", () -> run.healthLevel().equals("critical"));
            assertTrue(run.health().getMessage().contains("circuit breaker open: 3 connection attempts failed in a row"), run.health().getMessage());
            run.assertRecovered();

            assertEquals(1, run.received.statuses(SourceStatus.Kind.CIRCUIT_OPEN).size());
            assertEquals(1, run.received.statuses(SourceStatus.Kind.CIRCUIT_HALF_OPEN).size());
            assertEquals(1, run.received.statuses(SourceStatus.Kind.CIRCUIT_CLOSED).size());
            assertEquals(5, run.venue.connectionCount(), "the trial attempt after the open period connected");
        }
    }

    @Test
    void stalledStoreHoldsThePipelineBackAndLosesNothing()
            throws IOException
    {
        try (FaultRun run = startLiveWithStallingStore("stalling", "10m", "marketpipe.bus.buffer-size = 256\n")) {
            CollectingStore stalling = CollectingStore.named("stalling");

            run.await("the store stalls", stalling::stalling);
            run.await("its buffer fills up and holds the pipeline back", () -> lag(run, "store-stalling") == 256);
            stalling.release();
            run.assertRecovered();
            run.await("the store caught up", () -> stalling.tradeCounts().keySet().containsAll(run.market.publishedTrades()));

            assertEquals(run.market.publishedTrades(), stalling.tradeCounts().keySet());
            assertTrue(stalling.tradeCounts().values().stream().allMatch(count -> count == 1), "every trade stored once");
            assertEquals(0, counter(run, "bus.stage.store-stalling.dropped"));
            assertEquals(1, run.venue.connectionCount(), "a reader held up by the store is not a silent venue");
        }
    }

    @Test
    void shutdownWaitsForAStalledStoreAndFlushesIt()
            throws IOException
    {
        try (FaultRun run = startLiveWithStallingStore("draining", STORE_STALL.toMillis() + "ms", "marketpipe.bus.buffer-size = 256\nmarketpipe.shutdown.timeout = 30s\n")) {
            CollectingStore draining = CollectingStore.named("draining");
            run.await("the store stalls", draining::stalling);

            run.pipe.close();

            assertFalse(draining.stalling());
            assertTrue(draining.flushes() >= 1, "flushed before it closed");
            assertTrue(draining.closed());
            assertEquals(run.received.tradeIds(), draining.tradeCounts().keySet(), "the store holds every trade the pipeline received");
            assertEquals(0, run.pipe.count("bus.stage.store-draining.lost"));
            assertEquals(0, run.pipe.count("store.draining.lost"));
        }
    }

    @Test
    void shutdownThatCannotWaitStopsAStalledStoreAndCountsWhatItLost()
            throws IOException
    {
        try (FaultRun run = startLiveWithStallingStore("stuck", "10m", "marketpipe.shutdown.timeout = 500ms\n")) {
            CollectingStore stuck = CollectingStore.named("stuck");
            run.await("the store stalls with events waiting", () -> stuck.stalling() && lag(run, "store-stuck") > 0);

            run.pipe.close();

            assertTrue(stuck.closed());
            long stageLost = counter(run, "bus.stage.store-stuck.lost");
            long batchLost = counter(run, "store.stuck.lost");
            assertTrue(stageLost > 0 && batchLost > 0, "the batch being written and the events still buffered: " + batchLost + " and " + stageLost);
            assertEquals(counter(run, "bus.stage.store-stuck.received"),
                    counter(run, "bus.stage.store-stuck.delivered") + batchLost + stageLost + counter(run, "bus.stage.store-stuck.dropped"),
                    "every event offered to the store is written, or counted as lost or dropped");
        }
    }

    /**
     * Starts a run whose collecting store stalls after 1000 events, and lets the venue play on
     * once every book is live.
     */
    private static FaultRun startLiveWithStallingStore(String store, String stallFor, String settings)
            throws IOException
    {
        FaultRun run = startLive("", "marketpipe.stores = [{ type = collecting, name = " + store + ", stall-after = 1000, stall-for = " + stallFor + " }]\n" + settings);
        run.venue.resume();
        return run;
    }

    /**
     * Starts a run and waits until every book is live; the venue is paused there.
     */
    private static FaultRun startLive(String connectorSettings, String settings)
            throws IOException
    {
        FaultRun run = FaultRun.start(SEED, FRAMES, ReplaySpeed.MAX, LIVE_AFTER, connectorSettings, settings);
        try {
            run.awaitLive();
            return run;
        }
        catch (RuntimeException | Error e) {
            run.close();
            throw e;
        }
    }

    private static long counter(FaultRun run, String name)
    {
        return run.pipe.count(name);
    }

    /**
     * @return the events waiting in the named consumer stage of the bus
     */
    private static long lag(FaultRun run, String stage)
    {
        if (!(run.pipe.metrics().getMetrics().get("bus.stage." + stage + ".lag") instanceof Gauge<?> gauge)) {
            throw new AssertionError("no consumer " + stage);
        }
        return ((Number) gauge.getValue()).longValue();
    }
}
