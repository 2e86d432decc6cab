package io.marketpipe.core.internal.transport;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * A venue's request-weight limit: at most {@code weightLimit} weight in any window of
 * {@code interval} (Binance: 6000 per minute on spot, 2400 on USD-M futures), plus a pause that
 * holds every request back after the venue said "too many requests".
 *
 * <p>The limit is kept over a sliding window of granted weights rather than a refilling bucket:
 * a bucket that refills at limit/interval lets up to twice the limit through within one of the
 * venue's fixed windows, which is exactly what gets a client banned. Thread-safe; share one per
 * venue. Time comes from an injected {@code nanoTime} so tests need not sleep.
 */
public final class WeightedRateLimiter
{
    private final long weightLimit;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ArrayDeque<Grant> grants = new ArrayDeque<>();
    private long usedWeight;
    private boolean paused;
    private long pausedUntil;

    public WeightedRateLimiter(long weightLimit, Duration interval)
    {
        this(weightLimit, interval, System::nanoTime);
    }

    public WeightedRateLimiter(long weightLimit, Duration interval, LongSupplier nanoTime)
    {
        if (weightLimit <= 0) {
            throw new IllegalArgumentException("weightLimit must be positive: " + weightLimit);
        }
        requireNonNull(interval, "interval is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive: " + interval);
        }
        this.weightLimit = weightLimit;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
    }

    /**
     * Takes {@code weight} from the window if it fits. A weight larger than the whole limit is
     * granted once the window is empty, so it can never wait forever.
     *
     * @return 0 when granted, otherwise the nanoseconds after which trying again may succeed
     */
    public synchronized long tryAcquire(int weight)
    {
        if (weight < 0) {
            throw new IllegalArgumentException("weight is negative: " + weight);
        }
        long now = nanoTime.getAsLong();
        if (paused) {
            long remaining = pausedUntil - now;
            if (remaining > 0) {
                return remaining;
            }
            paused = false;
        }
        expire(now);
        if (usedWeight + weight <= weightLimit || grants.isEmpty()) {
            if (weight > 0) {
                grants.addLast(new Grant(now, weight));
                usedWeight += weight;
            }
            return 0;
        }
        long released = 0;
        for (Iterator<Grant> iterator = grants.iterator(); iterator.hasNext(); ) {
            Grant grant = iterator.next();
            released += grant.weight;
            if (usedWeight - released + weight <= weightLimit || !iterator.hasNext()) {
                return Math.max(1, grant.at + intervalNanos - now);
            }
        }
        throw new IllegalStateException("unreachable: grants is not empty");
    }

    /**
     * Holds every request back for {@code nanos} from now, unless a longer pause is already in force.
     */
    public synchronized void pauseFor(long nanos)
    {
        long until = nanoTime.getAsLong() + nanos;
        if (!paused || until - pausedUntil > 0) {
            pausedUntil = until;
        }
        paused = true;
    }

    /**
     * @return the nanoseconds the current pause still lasts, 0 when not paused
     */
    public synchronized long pauseRemainingNanos()
    {
        return paused ? Math.max(0, pausedUntil - nanoTime.getAsLong()) : 0;
    }

    /**
     * @return the weight granted within the last interval
     */
    public synchronized long usedWeight()
    {
        expire(nanoTime.getAsLong());
        return usedWeight;
    }

    private void expire(long now)
    {
        while (!grants.isEmpty() && now - grants.peekFirst().at >= intervalNanos) {
            usedWeight -= grants.removeFirst().weight;
        }
    }

    private record Grant(long at, int weight) {}
}
