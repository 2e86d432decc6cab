package io.marketpipe.toolkit;

import java.time.Duration;
import static java.util.Objects.requireNonNull;

/**
 * How the {@link StreamSupervisor} watches and rotates connections.
 *
 * @param staleAfter a connection silent this long is dropped and reopened; halfway through the
 *        silence the protocol's probe is sent. Zero turns the watchdog off
 * @param streamStaleAfter a stream silent this long on a live connection is subscribed again. Zero
 *        turns it off
 * @param maxAge a connection is replaced this long after it opened, ahead of a venue's forced cut;
 *        zero for venues without one
 * @param maxAgeReason why, for the status event, e.g. {@code before Binance's 24h connection limit}
 */
public record StreamSettings(Duration staleAfter, Duration streamStaleAfter, Duration maxAge, String maxAgeReason)
{
    public StreamSettings
    {
        requireNonNull(staleAfter, "staleAfter is null");
        requireNonNull(streamStaleAfter, "streamStaleAfter is null");
        requireNonNull(maxAge, "maxAge is null");
        requireNonNull(maxAgeReason, "maxAgeReason is null");
        if (staleAfter.isNegative() || streamStaleAfter.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }
}
