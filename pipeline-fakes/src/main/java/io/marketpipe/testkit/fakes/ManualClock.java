package io.marketpipe.testkit.fakes;

import io.marketpipe.api.connector.MarketClock;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock, in nanoseconds, that moves only when a test says so; as a {@link MarketClock} it
 * reads epoch nanoseconds, as a {@link LongSupplier} a monotonic time, and {@link #asJavaClock()}
 * shows it to code that takes a {@link Clock}.
 */
public final class ManualClock
        implements MarketClock, LongSupplier
{
    private long nanos;

    /**
     * A clock at one second.
     */
    public ManualClock()
    {
        this(1_000_000_000L);
    }

    public ManualClock(long nanos)
    {
        this.nanos = nanos;
    }

    @Override
    public synchronized long nowNanos()
    {
        return nanos;
    }

    @Override
    public long getAsLong()
    {
        return nowNanos();
    }

    /**
     * @return the time after the move
     */
    public synchronized long advance(Duration duration)
    {
        nanos += duration.toNanos();
        return nanos;
    }

    /**
     * @return the time after the move
     */
    public synchronized long advanceNanos(long delta)
    {
        nanos += delta;
        return nanos;
    }

    /**
     * @return a {@link Clock} in UTC that reads this clock's epoch time and moves with it
     */
    public Clock asJavaClock()
    {
        return asJavaClock(ZoneOffset.UTC);
    }

    private Clock asJavaClock(ZoneId zone)
    {
        return new Clock()
        {
            @Override
            public ZoneId getZone()
            {
                return zone;
            }

            @Override
            public Clock withZone(ZoneId otherZone)
            {
                return asJavaClock(otherZone);
            }

            @Override
            public Instant instant()
            {
                return Instant.EPOCH.plusNanos(nowNanos());
            }
        };
    }
}
