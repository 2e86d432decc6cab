package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.core.book.BookStats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Health of one connector: critical while its circuit breaker is open (attempts are held back
 * after too many failures); degraded while it is disconnected and reconnecting, while its breaker
 * is half-open, when it has gone quiet, or when it has books that are not verified. The level and
 * the reasons are in the result's details.
 */
final class SourceHealthCheck
        extends HealthCheck
{
    private static final long STALE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ConnectorInstance connector;
    private final MarketClock clock;

    SourceHealthCheck(ConnectorInstance connector, MarketClock clock)
    {
        this.connector = requireNonNull(connector, "connector is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    @Override
    protected Result check()
    {
        List<String> reasons = new ArrayList<>();
        Level level = Level.HEALTHY;
        switch (connector.circuitState()) {
            case OPEN:
                level = Level.CRITICAL;
                reasons.add("circuit breaker open: " + connector.circuitReason());
                break;
            case HALF_OPEN:
                level = Level.DEGRADED;
                reasons.add("circuit breaker half-open: " + connector.circuitReason());
                break;
            default:
                break;
        }
        if (!connector.connected()) {
            level = level.atLeast(Level.DEGRADED);
            String why = connector.lastDisconnectReason();
            reasons.add(why == null ? "not connected" : "disconnected: " + why);
        }
        long last = connector.lastEventNanos();
        if (last != 0 && clock.nowNanos() - last > STALE_NANOS) {
            level = level.atLeast(Level.DEGRADED);
            reasons.add("no data for " + TimeUnit.NANOSECONDS.toSeconds(clock.nowNanos() - last) + " s");
        }
        BookStats books = connector.books().stats();
        if (books.books() > books.booksVerified()) {
            level = level.atLeast(Level.DEGRADED);
            reasons.add((books.books() - books.booksVerified()) + " of " + books.books() + " books not verified");
        }
        ResultBuilder result = Result.builder().withDetail("level", level.label).withDetail("reasons", reasons);
        return level == Level.HEALTHY ? result.healthy().build() : result.unhealthy().withMessage(level.label + ": " + String.join("; ", reasons)).build();
    }

    private enum Level
    {
        HEALTHY("healthy"),
        DEGRADED("degraded"),
        CRITICAL("critical");

        private final String label;

        Level(String label)
        {
            this.label = label;
        }

        Level atLeast(Level other)
        {
            return compareTo(other) >= 0 ? this : other;
        }
    }
}
