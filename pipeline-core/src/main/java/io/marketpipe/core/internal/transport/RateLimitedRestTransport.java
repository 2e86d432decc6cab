package io.marketpipe.core.internal.transport;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_QUEUED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_THROTTLED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_WAITING;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_WEIGHT_USED;
import static java.util.Objects.requireNonNull;

/**
 * Applies a venue's {@link WeightedRateLimiter} to a {@link RestTransport}: a request is sent
 * once its {@link RestRequest#weight()} fits the limit; until then it waits, in FIFO order, and
 * the scheduler sends it later. No request is ever dropped.
 *
 * <p>A 429 (too many requests) or 418 (IP banned) response pauses every further request of the
 * limiter for its {@code Retry-After} seconds, or for the default back-off when the header is
 * missing or unreadable. The response itself is passed to the caller, who decides whether to
 * retry; a retry simply waits out the pause. Share one instance per venue.
 */
public final class RateLimitedRestTransport
        implements RestTransport
{
    private static final Logger log = LoggerFactory.getLogger(RateLimitedRestTransport.class);

    private final RestTransport delegate;
    private final WeightedRateLimiter limiter;
    private final ScheduledExecutorService scheduler;
    private final long defaultRetryAfterNanos;
    private final Metrics.Counter queuedCounter;
    private final Metrics.Counter throttledCounter;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong throttled = new AtomicLong();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private boolean drainScheduled;

    /**
     * @param defaultRetryAfter the pause after a 429 or 418 without a usable {@code Retry-After}
     */
    public RateLimitedRestTransport(RestTransport delegate, WeightedRateLimiter limiter, ScheduledExecutorService scheduler, Duration defaultRetryAfter, Metrics metrics)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.limiter = requireNonNull(limiter, "limiter is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        requireNonNull(defaultRetryAfter, "defaultRetryAfter is null");
        if (defaultRetryAfter.isNegative()) {
            throw new IllegalArgumentException("defaultRetryAfter is negative: " + defaultRetryAfter);
        }
        this.defaultRetryAfterNanos = defaultRetryAfter.toNanos();
        requireNonNull(metrics, "metrics is null");
        this.queuedCounter = metrics.counter(REST_QUEUED);
        this.throttledCounter = metrics.counter(REST_THROTTLED);
        metrics.gauge(REST_WAITING, this::waiting);
        metrics.gauge(REST_WEIGHT_USED, limiter::usedWeight);
    }

    @Override
    public CompletableFuture<RestResponse> send(RestRequest request)
    {
        requireNonNull(request, "request is null");
        Pending pending = new Pending(request, new CompletableFuture<>());
        boolean sendNow = false;
        synchronized (this) {
            long wait = waiting.isEmpty() ? limiter.tryAcquire(request.weight()) : -1;
            if (wait == 0) {
                sendNow = true;
            }
            else {
                waiting.addLast(pending);
                queued.incrementAndGet();
                queuedCounter.inc();
                if (wait > 0) {
                    scheduleDrain(wait);
                }
            }
        }
        if (sendNow) {
            dispatch(pending);
        }
        return pending.result;
    }

    /**
     * @return how many requests, in total, had to wait for the limit or a pause
     */
    public long queued()
    {
        return queued.get();
    }

    /**
     * @return how many 429 and 418 responses arrived
     */
    public long throttledResponses()
    {
        return throttled.get();
    }

    /**
     * @return how many requests are waiting now
     */
    public synchronized long waiting()
    {
        return waiting.size();
    }

    private void drain()
    {
        List<Pending> ready = new ArrayList<>();
        synchronized (this) {
            drainScheduled = false;
            while (!waiting.isEmpty()) {
                long wait = limiter.tryAcquire(waiting.peekFirst().request.weight());
                if (wait > 0) {
                    scheduleDrain(wait);
                    break;
                }
                ready.add(waiting.removeFirst());
            }
        }
        ready.forEach(this::dispatch);
    }

    private void scheduleDrain(long delayNanos)
    {
        if (!drainScheduled) {
            drainScheduled = true;
            scheduler.schedule(this::drain, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void dispatch(Pending pending)
    {
        CompletableFuture<RestResponse> response;
        try {
            response = delegate.send(pending.request);
        }
        catch (RuntimeException e) {
            pending.result.completeExceptionally(e);
            return;
        }
        response.whenComplete((value, failure) -> {
            if (failure != null) {
                pending.result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            if (value.status() == 429 || value.status() == 418) {
                throttle(pending.request, value);
            }
            pending.result.complete(value);
        });
    }

    private void throttle(RestRequest request, RestResponse response)
    {
        throttled.incrementAndGet();
        throttledCounter.inc();
        long pauseNanos = retryAfterNanos(response).orElse(defaultRetryAfterNanos);
        limiter.pauseFor(pauseNanos);
        log.warn("{} {} answered {}: pausing every request of this venue for {} ms",
                request.method(), withoutQuery(request.url()), response.status(), TimeUnit.NANOSECONDS.toMillis(pauseNanos));
    }

    private static Optional<Long> retryAfterNanos(RestResponse response)
    {
        Optional<String> header = response.header("Retry-After");
        if (header.isEmpty()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(header.get().trim());
            return seconds < 0 ? Optional.empty() : Optional.of(TimeUnit.SECONDS.toNanos(seconds));
        }
        catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // query strings may carry signatures and keys, which never go to the log
    private static String withoutQuery(String url)
    {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private record Pending(RestRequest request, CompletableFuture<RestResponse> result) {}
}
