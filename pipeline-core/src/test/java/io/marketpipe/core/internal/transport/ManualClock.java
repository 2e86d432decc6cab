package io.marketpipe.core.internal.transport;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A nanosecond clock that moves only when a test says so.
 */
final class ManualClock
        implements LongSupplier
{
    private long nanos = 1_000_000_000L;

    @Override
    public synchronized long getAsLong()
    {
        return nanos;
    }

    synchronized void advance(Duration duration)
    {
        nanos += duration.toNanos();
    }

    synchronized void advanceNanos(long delta)
    {
        nanos += delta;
    }
}
