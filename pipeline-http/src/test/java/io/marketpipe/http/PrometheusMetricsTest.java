package io.marketpipe.http;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.Labels;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrometheusMetricsTest
{
    @Test
    void dottedNamesBecomeNamesWithLabels()
    {
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_events", Labels.of("connector", "binance-spot", "type", "trade")),
                PrometheusMetrics.map("connector.binance-spot.events.trade"));
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_quality_instrument_score", Labels.of("connector", "okx", "symbol", "BTC/USDT:USDT")),
                PrometheusMetrics.map("connector.okx.quality.instrument.BTC/USDT:USDT.score"));
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_connector_transport_frames_received", Labels.of("connector", "kraken")),
                PrometheusMetrics.map("connector.kraken.transport.frames.received"));
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_bus_stage_lag", Labels.of("stage", "store-sqlite")),
                PrometheusMetrics.map("bus.stage.store-sqlite.lag"));
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_validation_rejected", Labels.of("connector", "binance-spot", "reason", "future-timestamp")),
                PrometheusMetrics.map("connector.binance-spot.validation.rejected.future-timestamp"));
        assertEquals(new PrometheusMetrics.Mapped("marketpipe_something_else", Labels.EMPTY), PrometheusMetrics.map("something-else"));
    }

    @Test
    void everyKindOfMetricIsWritten()
            throws Exception
    {
        MetricRegistry registry = new MetricRegistry();
        registry.counter("connector.a.events.trade").inc(3);
        registry.counter("connector.b.events.trade").inc(5);
        registry.register("connector.a.book.books", (com.codahale.metrics.Gauge<Long>) () -> 2L);
        registry.register("connector.a.label", (com.codahale.metrics.Gauge<String>) () -> "not a number");
        registry.histogram("store.sqlite.batch").update(10);
        registry.counter("store.sqlite.rows.total").inc();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new PrometheusMetrics(registry).write(PrometheusTextFormatWriter.create(), out);
        String text = out.toString(StandardCharsets.UTF_8);

        assertTrue(text.contains("marketpipe_events_total{connector=\"a\",type=\"trade\"} 3.0\n"), text);
        assertTrue(text.contains("marketpipe_events_total{connector=\"b\",type=\"trade\"} 5.0\n"), text);
        assertTrue(text.contains("# TYPE marketpipe_connector_book_books gauge\nmarketpipe_connector_book_books{connector=\"a\"} 2.0\n"), text);
        assertTrue(text.contains("marketpipe_store_batch{store=\"sqlite\",quantile=\"0.5\"} 10.0\n"), text);
        assertTrue(text.contains("marketpipe_store_batch_count{store=\"sqlite\"} 1\n"), text);
        assertTrue(text.contains("marketpipe_store_rows_value_total{store=\"sqlite\"} 1.0\n"), text);
        assertTrue(!text.contains("not a number") && !text.contains("connector_label"), text);
    }
}
