package io.marketpipe.api.connector;

/**
 * The pipeline's notion of now, in epoch nanoseconds. Live it is the system clock; in replay it
 * follows the recorded receive times, so time-based rules behave as they did when recorded.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface MarketClock
{
    /** The system clock with microsecond-or-better resolution where the platform offers it. */
    MarketClock SYSTEM = () -> {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    /**
     * @return the current time in nanoseconds since the Unix epoch
     */
    long nowNanos();

    /**
     * @return the current time in milliseconds since the Unix epoch
     */
    default long nowMillis()
    {
        return Math.floorDiv(nowNanos(), 1_000_000L);
    }
}
