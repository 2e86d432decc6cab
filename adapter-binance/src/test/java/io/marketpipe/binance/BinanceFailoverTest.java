package io.marketpipe.binance;

import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.aggregate.ConsolidatedView;
import io.marketpipe.core.aggregate.SourceView;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.FaultKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cross-venue failover end to end: two Binance connectors, {@code primary} and {@code backup},
 * each on its own fake venue playing the recorded spot trades and quotes at the recorded pace.
 * Killing or silencing the primary switches the BTC/USDT consensus to the backup within the
 * staleness bound, and the consensus returns once the primary has recovered. A disconnect fails
 * over at once: the failover names the disconnect as its cause, not staleness.
 */
class BinanceFailoverTest
{
    private static final Duration STALE_AFTER = Duration.ofSeconds(2);
    private static final Duration RETURN_AFTER = Duration.ofSeconds(1);
    // about two minutes of the recording at its pace: longer than any test here runs
    private static final int FRAMES = 20_000;
    private static final String SWITCH_TO_BACKUP = "BTC/USDT (spot): consensus source primary -> backup: primary ";
    private static final String SWITCH_TO_PRIMARY = "BTC/USDT (spot): consensus source backup -> primary: primary recovered: healthy for ";

    private final Path noPluginsDirectory = Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-failover-no-plugins-" + UUID.randomUUID());

    @Test
    void killedPrimaryFailsOverAtOnceAndReturnsWhenItHasRecovered()
            throws IOException
    {
        try (Session session = new Session()) {
            session.startWithBothSourcesLive();

            // the reconnection is held at the pause, so the primary stays down until resumed
            session.primaryVenue.faults().dropConnectionAfter(0);
            session.primaryVenue.pauseAfter(0);
            session.await("the consensus failed over to the backup", () -> session.failovers().size() >= 1);
            SourceStatus failover = session.failovers().get(0);
            assertEquals("backup", failover.source());
            assertTrue(failover.reason().startsWith(SWITCH_TO_BACKUP + "is disconnected ("), failover.reason());
            assertEquals(1, session.primaryVenue.injected(FaultKind.DROP));

            session.await("the primary reconnected and is held silent", () -> session.primaryVenue.connectionCount() == 2 && session.primaryVenue.paused());
            ConsolidatedView down = session.view();
            assertEquals("backup", down.activeSource());
            assertEquals(List.of("backup"), down.consensus().sources());
            SourceView primary = down.source("primary").orElseThrow();
            assertFalse(primary.healthy());

            session.primaryVenue.resume();
            session.await("the consensus returned to the primary", () -> session.failovers().size() >= 2);
            assertTrue(session.failovers().get(1).reason().startsWith(SWITCH_TO_PRIMARY), session.failovers().get(1).reason());
            assertEquals("primary", session.failovers().get(1).source());
            ConsolidatedView recovered = session.view();
            assertEquals("primary", recovered.activeSource());
            assertEquals(List.of("primary"), recovered.consensus().sources());
            assertEquals(2, recovered.failovers());
            assertEquals(2, session.pipe.count("aggregation.failovers"));
        }
    }

    @Test
    void silentPrimaryFailsOverAfterTheStalenessBoundAndReturnsWhenItSpeaksAgain()
            throws IOException
    {
        try (Session session = new Session()) {
            session.startWithBothSourcesLive();

            session.primaryVenue.faults().stallAfter(0, Duration.ofMinutes(5));
            session.await("the consensus failed over to the backup", () -> session.failovers().size() >= 1);
            SourceStatus failover = session.failovers().get(0);
            assertEquals("backup", failover.source());
            assertTrue(failover.reason().startsWith(SWITCH_TO_BACKUP + "has had no data for "), failover.reason());
            assertTrue(failover.reason().endsWith("(stale after 2.0 s)"), failover.reason());

            ConsolidatedView down = session.view();
            assertEquals("backup", down.activeSource());
            SourceView primary = down.source("primary").orElseThrow();
            assertTrue(down.lastFailover().atNanos() - primary.updatedNanos() >= STALE_AFTER.toNanos(),
                    "not switched before the primary was stale: " + down.lastFailover() + ", " + primary);
            assertEquals(1, session.primaryVenue.connectionCount(), "the primary stayed connected, only silent");

            session.primaryVenue.resume();
            session.await("the consensus returned to the primary", () -> session.failovers().size() >= 2);
            assertTrue(session.failovers().get(1).reason().startsWith(SWITCH_TO_PRIMARY), session.failovers().get(1).reason());
            assertEquals("primary", session.view().activeSource());
        }
    }

    /**
     * Two fake venues and a pipeline with a Binance connector on each.
     */
    private final class Session
            implements AutoCloseable
    {
        private final FakeVenue primaryVenue;
        private final FakeVenue backupVenue;
        private final MarketPipe pipe;
        private final List<SourceStatus> statuses = Collections.synchronizedList(new ArrayList<>());

        Session()
                throws IOException
        {
            primaryVenue = venue();
            backupVenue = venue();
            pipe = MarketPipe.builder()
                    .pluginsDirectory(noPluginsDirectory)
                    .config(FakeVenue.PIPELINE_SETTINGS + "marketpipe.connectors = [" + block("primary", primaryVenue) + ", " + block("backup", backupVenue) + "]\n"
                            + "marketpipe.metrics.log-interval = 0\n"
                            + "marketpipe.aggregation {\n"
                            + "  enabled = true\n"
                            + "  consensus = primary\n"
                            + "  primary { \"BTC/USDT\" = primary }\n"
                            + "  stale-after = " + STALE_AFTER.toMillis() + "ms\n"
                            + "  return-after = " + RETURN_AFTER.toMillis() + "ms\n"
                            + "  return-quality = 60\n"
                            + "  check-interval = 100ms\n"
                            + "}\n")
                    .listener(event -> {
                        if (event instanceof SourceStatus status) {
                            statuses.add(status);
                        }
                    })
                    .build();
        }

        /**
         * Starts with both venues held until both connectors are connected, so that neither source
         * looks stale for want of a head start.
         */
        void startWithBothSourcesLive()
        {
            primaryVenue.pauseAfter(0);
            backupVenue.pauseAfter(0);
            pipe.start();
            await("both connectors connected", () -> primaryVenue.paused() && backupVenue.paused());
            primaryVenue.resume();
            backupVenue.resume();
            await("both sources count in the consolidated view", () -> view("primary").map(SourceView::healthy).orElse(false)
                    && view("backup").map(SourceView::healthy).orElse(false));
            assertEquals("primary", view().activeSource());
            assertEquals(List.of(), failovers());
        }

        List<SourceStatus> failovers()
        {
            synchronized (statuses) {
                return statuses.stream().filter(status -> status.kind() == SourceStatus.Kind.FAILOVER).toList();
            }
        }

        ConsolidatedView view()
        {
            return pipe.aggregation().view("BTC/USDT", MarketKind.SPOT).orElseThrow();
        }

        private Optional<SourceView> view(String source)
        {
            return pipe.aggregation().view("BTC/USDT", MarketKind.SPOT).flatMap(view -> view.source(source)).filter(view -> view.instrument() != null);
        }

        void await(String description, BooleanSupplier condition)
        {
            Await.until(description, condition, this::state);
        }

        private String state()
        {
            return "primary " + primaryVenue + ", backup " + backupVenue + ", failovers " + failovers().stream().map(SourceStatus::reason).toList()
                    + ", view " + pipe.aggregation().view("BTC/USDT", MarketKind.SPOT).map(Object::toString).orElse("none");
        }

        @Override
        public void close()
        {
            try {
                pipe.close();
            }
            finally {
                primaryVenue.close();
                backupVenue.close();
            }
        }
    }

    /**
     * The recorded trade and quote frames, without the book's: the connectors take no book, so a
     * held connection sends nothing at all (a book would fetch REST snapshots on its own).
     */
    private static FakeVenue venue()
            throws IOException
    {
        FakeVenue.Builder builder = FakeVenue.builder().speed(ReplaySpeed.RECORDED).playback(FakeVenue.Playback.RESUME);
        int frames = 0;
        try (CaptureReader reader = CaptureReader.open(Captures.require("binance/spot-btcusdt-20240808.jsonl.gz"))) {
            for (CaptureLine line = reader.next(); line != null && frames < FRAMES; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.RECV && (line.data().contains("\"btcusdt@trade\"") || line.data().contains("\"btcusdt@bookTicker\""))) {
                    builder.line(line);
                    frames++;
                }
            }
        }
        return builder.start();
    }

    private static String block(String name, FakeVenue venue)
    {
        return "{ type = binance, name = " + name + ", market = spot, symbols = [BTC/USDT], channels = [trades, quotes], "
                + "ws-url = \"" + venue.wsUrl() + "\", rest-url = \"" + venue.restUrl() + "\", exchange-info = false }";
    }
}
