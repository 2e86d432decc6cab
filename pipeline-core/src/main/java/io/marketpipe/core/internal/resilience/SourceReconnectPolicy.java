package io.marketpipe.core.internal.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnStateTransitionEvent;
import io.github.resilience4j.core.IntervalFunction;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * A source's {@link ReconnectPolicy} on resilience4j. The bound of each wait is resilience4j's
 * exponential {@link IntervalFunction} (doubling, capped); the wait itself is drawn uniformly
 * between zero and that bound, the "full jitter" that spreads reconnects best (resilience4j's own
 * randomized backoff varies around the bound instead). The breaker is a count-based
 * {@link CircuitBreaker} whose window is the failure threshold and which opens at a failure rate
 * of 100%, that is after that many failed attempts in a row; half-open, it lets one attempt
 * through.
 *
 * <p>Metrics: the gauge {@code circuit-breaker.state} (0 closed, 1 half-open, 2 open) and the
 * counter {@code circuit-breaker.opened}.
 */
public final class SourceReconnectPolicy
        implements ReconnectPolicy
{
    // the doubling stops mattering long before this; it keeps the interval function's loop short
    private static final int MAX_COUNTED_FAILURES = 64;

    private final Settings settings;
    private final Listener listener;
    private final Clock clock;
    private final IntervalFunction bounds;
    private final CircuitBreaker breaker;
    private final Metrics.Counter opened;
    private volatile String lastFailure = "no reason given";
    private volatile Instant openedAt = Instant.EPOCH;

    public SourceReconnectPolicy(String source, Settings settings, Listener listener, Metrics metrics)
    {
        this(source, settings, listener, metrics, Clock.systemUTC());
    }

    /**
     * @param clock times the open period, so a test can let it pass
     */
    public SourceReconnectPolicy(String source, Settings settings, Listener listener, Metrics metrics, Clock clock)
    {
        requireNonNull(source, "source is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.listener = requireNonNull(listener, "listener is null");
        requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        if (settings.minDelay().toMillis() < 1) {
            throw new IllegalArgumentException("minDelay must be at least 1 ms: " + settings.minDelay());
        }
        this.bounds = IntervalFunction.ofExponentialBackoff(settings.minDelay(), 2.0, settings.maxDelay());
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.failureThreshold())
                .minimumNumberOfCalls(settings.failureThreshold())
                .failureRateThreshold(100)
                .permittedNumberOfCallsInHalfOpenState(1)
                .waitDurationInOpenState(settings.openDuration())
                .writableStackTraceEnabled(false)
                .clock(clock)
                .build();
        this.breaker = CircuitBreaker.of(source, config);
        this.breaker.getEventPublisher().onStateTransition(this::transitioned);
        this.opened = metrics.counter("circuit-breaker.opened");
        metrics.gauge("circuit-breaker.state", () -> gaugeValue(state()));
    }

    @Override
    public Duration backoff(int failures)
    {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be positive: " + failures);
        }
        long bound = bounds.apply(Math.min(failures, MAX_COUNTED_FAILURES));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    @Override
    public Duration tryAttempt()
    {
        if (breaker.tryAcquirePermission()) {
            return Duration.ZERO;
        }
        if (state() == State.HALF_OPEN) {
            // another connection's trial attempt is under way; ask again soon
            return settings.minDelay();
        }
        Duration remaining = Duration.between(clock.instant(), openedAt.plus(settings.openDuration()));
        // the breaker lets attempts through only once the open period has strictly passed
        return remaining.isNegative() ? Duration.ofMillis(1) : remaining.plusMillis(1);
    }

    @Override
    public void succeeded()
    {
        breaker.onSuccess(0, TimeUnit.NANOSECONDS);
    }

    @Override
    public void failed(String reason)
    {
        requireNonNull(reason, "reason is null");
        lastFailure = reason;
        breaker.onError(0, TimeUnit.NANOSECONDS, new AttemptFailed(reason));
    }

    @Override
    public State state()
    {
        return state(breaker.getState());
    }

    private void transitioned(CircuitBreakerOnStateTransitionEvent event)
    {
        State from = state(event.getStateTransition().getFromState());
        State to = state(event.getStateTransition().getToState());
        if (from == to) {
            return;
        }
        String reason;
        switch (to) {
            case OPEN:
                openedAt = clock.instant();
                opened.inc();
                String attempts = from == State.HALF_OPEN
                        ? "the trial connection attempt failed"
                        : settings.failureThreshold() + " connection attempt" + (settings.failureThreshold() == 1 ? "" : "s") + " failed in a row";
                reason = attempts + ", the last: " + lastFailure + "; holding attempts back for " + settings.openDuration().toMillis() + " ms";
                break;
            case HALF_OPEN:
                reason = "open for " + settings.openDuration().toMillis() + " ms; letting a trial connection attempt through";
                break;
            default:
                reason = "a connection attempt succeeded";
        }
        listener.transition(from, to, reason);
    }

    private static State state(CircuitBreaker.State state)
    {
        switch (state) {
            case OPEN:
            case FORCED_OPEN:
                return State.OPEN;
            case HALF_OPEN:
                return State.HALF_OPEN;
            default:
                return State.CLOSED;
        }
    }

    private static long gaugeValue(State state)
    {
        switch (state) {
            case OPEN:
                return 2;
            case HALF_OPEN:
                return 1;
            default:
                return 0;
        }
    }

    /**
     * What the breaker records for a failed attempt.
     */
    private static final class AttemptFailed
            extends Exception
    {
        AttemptFailed(String reason)
        {
            super(reason, null, false, false);
        }
    }
}
