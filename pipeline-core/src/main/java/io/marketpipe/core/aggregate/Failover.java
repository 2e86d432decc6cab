package io.marketpipe.core.aggregate;

import static java.util.Objects.requireNonNull;

/**
 * A switch of an instrument's active source.
 *
 * @param from the source that was active
 * @param to the source that is active now
 * @param reason why: what was wrong with {@code from}, or that the primary {@code to} recovered
 * @param atNanos the clock time of the switch, epoch ns
 */
public record Failover(String from, String to, String reason, long atNanos)
{
    public Failover
    {
        requireNonNull(from, "from is null");
        requireNonNull(to, "to is null");
        requireNonNull(reason, "reason is null");
    }
}
