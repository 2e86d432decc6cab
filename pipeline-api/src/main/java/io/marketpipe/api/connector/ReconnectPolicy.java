package io.marketpipe.api.connector;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * When a source may connect again after a connection failed or dropped: the runtime's backoff and
 * circuit breaker, one per connector, shared by all its connections. Obtained from
 * {@link ConnectorContext#reconnectPolicy}.
 *
 * <p>Between the attempts of one connection the bound of the wait doubles from
 * {@link Settings#minDelay()} up to {@link Settings#maxDelay()}, and each wait is drawn at random
 * between zero and that bound (full jitter), so that connections dropped together do not come back
 * together. Over the whole source a circuit breaker counts attempts: after
 * {@link Settings#failureThreshold()} failed attempts in a row it opens and holds every attempt back
 * for {@link Settings#openDuration()}, then lets one attempt through (half-open) and closes when it
 * succeeds, or opens again when it fails. The runtime shows the breaker's state as a metric; the
 * connector reports each transition, which its {@link Listener} hears, as a
 * {@link io.marketpipe.api.model.SourceStatus} of kind {@code CIRCUIT_OPEN},
 * {@code CIRCUIT_HALF_OPEN} or {@code CIRCUIT_CLOSED}, from which the runtime judges the source's
 * health.
 *
 * <p>An attempt starts with a {@link #tryAttempt()} that returns zero and ends with exactly one of
 * {@link #succeeded()} (the venue delivered data) or {@link #failed(String)}. Thread-safe.
 *
 * @since 0.2
 */
public interface ReconnectPolicy
{
    /**
     * @param failures the connection's failed attempts in a row, at least 1
     * @return how long the connection waits before its next attempt
     */
    Duration backoff(int failures);

    /**
     * Asks the circuit breaker to start a connection attempt.
     *
     * @return {@link Duration#ZERO} when the attempt may start now, after which its outcome must be
     *         reported; otherwise how long to wait before asking again
     */
    Duration tryAttempt();

    /**
     * The attempt succeeded: the connection is open and the venue delivered data.
     */
    void succeeded();

    /**
     * The attempt failed: the connection could not be opened, or closed before delivering data.
     *
     * @param reason what went wrong, for the status the breaker's opening causes
     */
    void failed(String reason);

    /**
     * @return the circuit breaker's state
     */
    State state();

    /**
     * The states of the circuit breaker.
     */
    enum State
    {
        /** Attempts go ahead, with backoff between those of one connection. */
        CLOSED,
        /** Too many attempts failed in a row: every attempt is held back for a while. */
        OPEN,
        /** The open period is over: one attempt is let through to try the venue. */
        HALF_OPEN
    }

    /**
     * Hears the circuit breaker's transitions, on the thread that caused them.
     */
    @FunctionalInterface
    interface Listener
    {
        /**
         * @param reason why, e.g. the last failure of the attempts that opened the breaker
         */
        void transition(State from, State to, String reason);
    }

    /**
     * A source's backoff and circuit breaker settings.
     *
     * @param minDelay the bound of the first wait of a connection
     * @param maxDelay the largest bound the waits grow to
     * @param failureThreshold failed attempts in a row, over every connection, that open the breaker
     * @param openDuration how long an open breaker holds attempts back before it lets one through
     */
    record Settings(Duration minDelay, Duration maxDelay, int failureThreshold, Duration openDuration)
    {
        public Settings
        {
            requireNonNull(minDelay, "minDelay is null");
            requireNonNull(maxDelay, "maxDelay is null");
            requireNonNull(openDuration, "openDuration is null");
            if (minDelay.isNegative() || minDelay.isZero() || maxDelay.compareTo(minDelay) < 0) {
                throw new IllegalArgumentException("backoff needs 0 < minDelay <= maxDelay, got " + minDelay + " and " + maxDelay);
            }
            if (failureThreshold < 1) {
                throw new IllegalArgumentException("failureThreshold must be positive: " + failureThreshold);
            }
            if (openDuration.isNegative() || openDuration.isZero()) {
                throw new IllegalArgumentException("openDuration must be positive: " + openDuration);
            }
        }
    }
}
