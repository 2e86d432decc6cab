package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Polls many targets of a REST venue (one symbol and interval each, say), each on its own fixed
 * grid of due times, for venues that have no stream.
 *
 * <ul>
 *   <li><b>No pile-up:</b> a target has at most one poll in flight; its next poll is scheduled only
 *       once the answer was handled, so a slow answer delays that target alone.</li>
 *   <li><b>No drift:</b> due times stay on the grid {@code first + k * interval}; a poll that
 *       answered after one or more due times passed skips them (counted in
 *       {@code poll.skipped}) instead of shifting every later poll.</li>
 *   <li><b>Backoff and circuit breaker:</b> every poll is an attempt of the source's
 *       {@link ReconnectPolicy}. A poll the venue could not serve ({@link Outcome#FAILED}: a lost
 *       connection, a server error, a throttle that outlasted its retries) is tried again after the
 *       policy's backoff for that target's failures in a row, and enough failures in a row over all
 *       targets open the breaker, which holds every poll back for a while. A target the venue
 *       refused ({@link Outcome#REFUSED}: an unknown symbol) counts as an answered attempt for
 *       the breaker but waits one interval, doubling with every refusal in a row up to 64
 *       intervals, so a delisted symbol costs little budget while a fixed one comes back.</li>
 *   <li><b>Spread start:</b> the first polls of {@code n} targets are spread evenly over the
 *       first interval, so they do not burst against the venue's budget.</li>
 * </ul>
 * The venue's request budget itself is the runtime transport's: a poll waiting for budget simply
 * answers later. Thread-safe.
 */
public final class PollingScheduler
        implements AutoCloseable
{
    // a refused target waits one interval, doubling per refusal in a row up to 64 intervals
    private static final int MAX_REFUSAL_DOUBLINGS = 6;

    private final ScheduledExecutorService scheduler;
    private final ReconnectPolicy policy;
    private final LongSupplier nanoTime;
    private final Metrics.Counter polls;
    private final Metrics.Counter failures;
    private final Metrics.Counter refusals;
    private final Metrics.Counter skipped;
    private final List<Target> targets = new ArrayList<>();
    private volatile boolean closed;

    /**
     * What one poll came to.
     */
    public enum Outcome
    {
        /** The venue answered; the target polls again at its next due time. */
        ANSWERED,
        /** The venue refused this target (a client error); it waits for its own backoff. */
        REFUSED,
        /** The venue could not answer; the poll is retried after the backoff. */
        FAILED
    }

    /**
     * @param nanoTime a monotonic clock in nanoseconds, {@code System::nanoTime} outside tests
     */
    public PollingScheduler(ScheduledExecutorService scheduler, ReconnectPolicy policy, LongSupplier nanoTime, Metrics metrics)
    {
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.polls = metrics.counter("poll.requests");
        this.failures = metrics.counter("poll.failures");
        this.refusals = metrics.counter("poll.refusals");
        this.skipped = metrics.counter("poll.skipped");
    }

    /**
     * Adds a target; call before {@link #start()}.
     *
     * @param name names the target in failure reasons, e.g. {@code AAPL 1m}
     * @param interval the time between due times
     * @param poll starts one poll and completes with its outcome; a future completed exceptionally
     *        counts as {@link Outcome#FAILED}
     */
    public synchronized void add(String name, Duration interval, Supplier<CompletableFuture<Outcome>> poll)
    {
        requireNonNull(name, "name is null");
        requireNonNull(poll, "poll is null");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval of " + name + " must be positive: " + interval);
        }
        targets.add(new Target(name, interval.toNanos(), poll));
    }

    /**
     * Starts polling every target, the first polls spread over the first interval.
     */
    public synchronized void start()
    {
        long now = nanoTime.getAsLong();
        int count = targets.size();
        for (int i = 0; i < count; i++) {
            Target target = targets.get(i);
            long offset = target.intervalNanos / count * i;
            target.due = now + offset;
            target.schedule(offset);
        }
    }

    /**
     * @return the targets' names, in the order they were added
     */
    public synchronized List<String> targets()
    {
        return targets.stream().map(target -> target.name).toList();
    }

    /**
     * Stops polling; answers still in flight are dropped. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        closed = true;
        for (Target target : targets) {
            ScheduledFuture<?> next = target.next;
            if (next != null) {
                next.cancel(false);
            }
        }
    }

    private final class Target
    {
        private final String name;
        private final long intervalNanos;
        private final Supplier<CompletableFuture<Outcome>> poll;
        // guarded by PollingScheduler.this
        private long due;
        private int failuresInRow;
        private int refusalsInRow;
        private ScheduledFuture<?> next;

        Target(String name, long intervalNanos, Supplier<CompletableFuture<Outcome>> poll)
        {
            this.name = name;
            this.intervalNanos = intervalNanos;
            this.poll = poll;
        }

        void schedule(long delayNanos)
        {
            synchronized (PollingScheduler.this) {
                if (closed) {
                    return;
                }
                try {
                    next = scheduler.schedule(this::fire, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
                }
                catch (RejectedExecutionException e) {
                    // the runtime is shutting down
                }
            }
        }

        private void fire()
        {
            if (closed) {
                return;
            }
            Duration wait = policy.tryAttempt();
            if (!wait.isZero()) {
                schedule(wait.toNanos());
                return;
            }
            polls.inc();
            CompletableFuture<Outcome> answer;
            try {
                answer = poll.get();
            }
            catch (RuntimeException e) {
                answer = CompletableFuture.failedFuture(e);
            }
            answer.whenComplete((outcome, failure) -> settle(failure == null ? outcome : Outcome.FAILED, failure));
        }

        private void settle(Outcome outcome, Throwable failure)
        {
            if (closed) {
                return;
            }
            if (outcome == Outcome.FAILED) {
                failures.inc();
                int inRow;
                synchronized (PollingScheduler.this) {
                    inRow = ++failuresInRow;
                }
                String reason = name + ": " + (failure == null ? "poll failed" : VenueRestClient.cause(failure).getMessage());
                policy.failed(reason);
                schedule(policy.backoff(inRow).toNanos());
                return;
            }
            policy.succeeded();
            long delay;
            synchronized (PollingScheduler.this) {
                failuresInRow = 0;
                long now = nanoTime.getAsLong();
                if (outcome == Outcome.REFUSED) {
                    refusals.inc();
                    refusalsInRow++;
                    long wait = intervalNanos * (1L << Math.min(refusalsInRow - 1, MAX_REFUSAL_DOUBLINGS));
                    due = now + wait;
                    delay = wait;
                }
                else {
                    refusalsInRow = 0;
                    long slot = due + intervalNanos;
                    if (slot <= now) {
                        long missed = (now - slot) / intervalNanos + 1;
                        skipped.inc(missed);
                        slot += missed * intervalNanos;
                    }
                    due = slot;
                    delay = slot - now;
                }
            }
            schedule(delay);
        }
    }
}
