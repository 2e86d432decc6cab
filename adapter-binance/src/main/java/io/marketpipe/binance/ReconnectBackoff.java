package io.marketpipe.binance;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import static java.util.Objects.requireNonNull;

/**
 * Exponential backoff with jitter: after the n-th consecutive failure (counted from 0) the wait is
 * drawn between half and all of {@code min * 2^n}, capped at {@code max}, so that many
 * connections dropped at once do not come back in step.
 */
final class ReconnectBackoff
{
    private final long minNanos;
    private final long maxNanos;

    ReconnectBackoff(Duration min, Duration max)
    {
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.minNanos = min.toNanos();
        this.maxNanos = max.toNanos();
    }

    Duration delay(int failures)
    {
        long ceiling = minNanos;
        for (int i = 0; i < failures && ceiling < maxNanos; i++) {
            ceiling *= 2;
        }
        ceiling = Math.min(ceiling, maxNanos);
        long half = ceiling / 2;
        return Duration.ofNanos(half + ThreadLocalRandom.current().nextLong(ceiling - half + 1));
    }
}
