package io.marketpipe.core.internal.quality;

import io.marketpipe.api.connector.MarketClock;

import java.time.Duration;

/**
 * A market clock that moves only when a test says so.
 */
final class ManualClock
        implements MarketClock
{
    private long nanos;

    ManualClock(long nanos)
    {
        this.nanos = nanos;
    }

    @Override
    public synchronized long nowNanos()
    {
        return nanos;
    }

    synchronized long advance(Duration duration)
    {
        nanos += duration.toNanos();
        return nanos;
    }
}
