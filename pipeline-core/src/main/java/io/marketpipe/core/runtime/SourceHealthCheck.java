package io.marketpipe.core.runtime;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.core.book.BookStats;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Health of one connector: critical when disconnected, degraded when it has gone quiet or has
 * books that are not verified; the reasons are listed in the result's details.
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
        String level = "healthy";
        if (!connector.connected()) {
            level = "critical";
            String why = connector.lastDisconnectReason();
            reasons.add(why == null ? "not connected" : "disconnected: " + why);
        }
        long last = connector.lastEventNanos();
        if (last != 0 && clock.nowNanos() - last > STALE_NANOS) {
            level = level.equals("critical") ? level : "degraded";
            reasons.add("no data for " + TimeUnit.NANOSECONDS.toSeconds(clock.nowNanos() - last) + " s");
        }
        BookStats books = connector.books().stats();
        if (books.books() > books.booksVerified()) {
            level = level.equals("critical") ? level : "degraded";
            reasons.add((books.books() - books.booksVerified()) + " of " + books.books() + " books not verified");
        }
        ResultBuilder result = Result.builder().withDetail("level", level).withDetail("reasons", reasons);
        return level.equals("healthy") ? result.healthy().build() : result.unhealthy().withMessage(level + ": " + String.join("; ", reasons)).build();
    }
}
