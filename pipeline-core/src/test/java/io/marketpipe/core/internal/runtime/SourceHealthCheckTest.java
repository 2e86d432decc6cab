package io.marketpipe.core.internal.runtime;

import com.typesafe.config.ConfigFactory;
import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.internal.book.BookEngine;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceHealthCheckTest
{
    private static final MarketClock CLOCK = () -> 1_000_000_000L;

    private final ConnectorInstance.ObservingSink sink = new ConnectorInstance.ObservingSink("binance-spot", event -> {});
    private final ConnectorInstance connector = new ConnectorInstance(new InstanceBlock("marketpipe.connectors[0]", "binance", "binance-spot", ConfigFactory.empty()), new BookEngine("binance-spot", sink, Metrics.NOOP, CLOCK), sink);
    private final SourceHealthCheck health = new SourceHealthCheck(connector, CLOCK);

    @Test
    void reconnectingSourceIsDegradedAndOneWhoseBreakerIsOpenIsCritical()
    {
        report(SourceStatus.Kind.CONNECTED, "connection 0 open");
        assertTrue(health.execute().isHealthy());

        report(SourceStatus.Kind.DISCONNECTED, "connection 0 failed (java.io.EOFException); reconnecting in 40 ms");
        assertLevel("degraded", "degraded: disconnected: connection 0 failed (java.io.EOFException); reconnecting in 40 ms");

        report(SourceStatus.Kind.CIRCUIT_OPEN, "5 connection attempts failed in a row");
        assertLevel("critical", "critical: circuit breaker open: 5 connection attempts failed in a row; disconnected: connection 0 failed (java.io.EOFException); "
                + "reconnecting in 40 ms");

        report(SourceStatus.Kind.CIRCUIT_HALF_OPEN, "letting a trial connection attempt through");
        report(SourceStatus.Kind.CONNECTED, "connection 0 open");
        assertLevel("degraded", "degraded: circuit breaker half-open: letting a trial connection attempt through");

        report(SourceStatus.Kind.CIRCUIT_CLOSED, "a connection attempt succeeded");
        assertTrue(health.execute().isHealthy());
    }

    private void report(SourceStatus.Kind kind, String reason)
    {
        sink.accept(new SourceStatus("binance-spot", "binance", "spot", null, 0, CLOCK.nowNanos(), kind, reason));
    }

    private void assertLevel(String level, String message)
    {
        HealthCheck.Result result = health.execute();
        assertEquals(level, result.getDetails().get("level"));
        assertEquals(message, result.getMessage());
    }
}
