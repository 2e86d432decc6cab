package io.marketpipe.core;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.aggregate.ConsolidatedView;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.core.quality.SourceQuality;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityAndAggregationPipelineTest
{
    // 2024-08-09T00:00:00Z
    private static final long EPOCH_NANOS = 1_723_161_600_000_000_000L;
    private static final long MILLI = 1_000_000L;

    @TempDir
    Path temp;

    @Test
    void replayReportsTheSilenceInARecordingByItsRecordedTimes()
            throws IOException
    {
        Path capture = capture(Map.of(
                1_000L, "T,1,100.50,0.25,buy",
                1_500L, "T,2,100.60,0.10,sell",
                21_500L, "T,3,100.55,0.30,buy",
                23_000L, "T,4,100.70,0.20,buy"));
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        SourceQuality quality;
        HealthCheck.Result health;
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            pipe.replay();
            quality = pipe.quality().source("testvenue-spot").orElseThrow();
            health = pipe.health("quality.testvenue-spot");
        }

        List<String> sequence = events.stream()
                .filter(event -> event instanceof Trade || (event instanceof SourceStatus status
                        && (status.kind() == SourceStatus.Kind.STALE || status.kind() == SourceStatus.Kind.INFO)))
                .map(event -> event instanceof Trade trade ? "trade " + trade.tradeId() : ((SourceStatus) event).kind().wireName() + ": " + ((SourceStatus) event).reason())
                .toList();
        assertEquals(List.of(
                "trade 1",
                "trade 2",
                "stale: ABC/USD: no data for 20.0 s (stale after 10.0 s)",
                "trade 3",
                "info: ABC/USD: data is fresh again",
                "trade 4"), sequence);
        assertEquals(100, quality.score());
        assertTrue(health.isHealthy(), health.toString());
    }

    @Test
    void aggregationConsolidatesWhatTheConnectorsPublish()
            throws IOException
    {
        Path capture = capture(Map.of(
                1_000L, "S,10,100.40,1.0,100.60,2.0",
                1_100L, "T,1,100.50,0.25,buy"));
        ConsolidatedView view;
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.aggregation { enabled = true, consensus = primary }")
                .replay(capture, "max")
                .build()) {
            pipe.start();
            pipe.replay();
            view = pipe.aggregation().view("ABC/USD", MarketKind.SPOT).orElseThrow();
        }
        assertEquals("testvenue-spot", view.activeSource());
        assertEquals("testvenue-spot", view.bestBid().source());
        assertEquals("100.40", view.bestBid().price().toString());
        assertEquals("100.50", view.consensus().price().toString());
        assertEquals(1.0, view.buyPressure());
    }

    @Test
    void aggregationPrimaryMustNameAConfiguredConnector()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("""
                        marketpipe.connectors = [{ type = testvenue, symbols = [ABCUSD] }]
                        marketpipe.aggregation { enabled = true, primary { "ABC/USD" = testvenue-spot } }
                        """)
                .build());
        assertEquals("marketpipe.aggregation.primary.\"ABC/USD\"", e.path());
        assertTrue(e.getMessage().contains("no connector is named \"testvenue-spot\"; configured: testvenue"), e.getMessage());
    }

    @Test
    void unknownQualityKeyNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.quality.freshness.stal = 5s")
                .build());
        assertTrue(e.getMessage().contains("marketpipe.quality.freshness.stal"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean marketpipe.quality.freshness.stale"), e.getMessage());
    }

    /**
     * @param frames testvenue frames by their receive time in ms after the start of the recording
     */
    private Path capture(Map<Long, String> frames)
            throws IOException
    {
        Path file = temp.resolve("testvenue.jsonl.gz");
        try (CaptureWriter writer = CaptureWriter.create(file, new CaptureHeader("testvenue", "spot", List.of("ABCUSD"), null, null, null, null))) {
            writer.write(CaptureLine.open(EPOCH_NANOS, 1, "wss://testvenue.invalid/ws"));
            for (Long millis : frames.keySet().stream().sorted().toList()) {
                writer.write(CaptureLine.recv(EPOCH_NANOS + millis * MILLI, 1, frames.get(millis)));
            }
        }
        return file;
    }
}
