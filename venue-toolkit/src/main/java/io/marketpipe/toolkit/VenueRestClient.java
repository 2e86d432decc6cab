package io.marketpipe.toolkit;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * Sends a venue's REST requests through the runtime's rate-limited transport and turns answers
 * into values. A 429 (too many requests) or 418 (IP banned) is sent again after its
 * {@code Retry-After} (or the default wait), up to {@value #MAX_ATTEMPTS} attempts, counted in
 * {@code rest.retries}; the runtime's transport holds back every request of the venue meanwhile.
 * Any other error status fails the future with a {@link VenueRestException}; a body the parser
 * cannot read fails it with a {@link DecodeException} naming the URL.
 */
public final class VenueRestClient
{
    public static final int MAX_ATTEMPTS = 5;

    private final RestTransport transport;
    private final ScheduledExecutorService scheduler;
    private final Duration defaultRetryAfter;
    private final Consumer<RestResponse> observer;
    private final Metrics.Counter retries;

    /**
     * @param defaultRetryAfter the wait before sending again a 429 or 418 that carries no usable {@code Retry-After}
     * @param observer sees every response (a venue's used-weight header, say); may do nothing
     */
    public VenueRestClient(RestTransport transport, ScheduledExecutorService scheduler, Duration defaultRetryAfter, Consumer<RestResponse> observer, Metrics metrics)
    {
        this.transport = requireNonNull(transport, "transport is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.defaultRetryAfter = requireNonNull(defaultRetryAfter, "defaultRetryAfter is null");
        this.observer = requireNonNull(observer, "observer is null");
        this.retries = metrics.counter("rest.retries");
    }

    /**
     * Reads one answer.
     */
    @FunctionalInterface
    public interface BodyParser<T>
    {
        T parse(RestResponse response)
                throws DecodeException;
    }

    /**
     * @return the parsed answer to a successful request
     */
    public <T> CompletableFuture<T> send(RestRequest request, BodyParser<T> parser)
    {
        CompletableFuture<RestResponse> response = new CompletableFuture<>();
        attempt(request, 1, response);
        return response.thenApply(answer -> {
            if (!answer.isSuccessful()) {
                throw new CompletionException(new VenueRestException(request.method(), request.url(), answer.status(), answer.body()));
            }
            try {
                return parser.parse(answer);
            }
            catch (DecodeException e) {
                throw new CompletionException(new DecodeException(request.method() + " " + request.url() + ": " + e.getMessage(), e));
            }
        });
    }

    /**
     * @return a GET of the given weight, parsed
     */
    public <T> CompletableFuture<T> get(String url, int weight, BodyParser<T> parser)
    {
        return send(RestRequest.get(url, weight), parser);
    }

    /**
     * @return what made a request future fail, without the {@link CompletionException} around it
     */
    public static Throwable cause(Throwable failure)
    {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * A server error, a throttle or a lost connection may pass; any other refusal (a key needed,
     * an unknown symbol) or an unreadable answer will not.
     */
    public static boolean retryable(Throwable failure)
    {
        Throwable cause = cause(failure);
        if (cause instanceof VenueRestException rejected) {
            return rejected.retryable();
        }
        return !(cause instanceof DecodeException);
    }

    private void attempt(RestRequest request, int attempt, CompletableFuture<RestResponse> result)
    {
        CompletableFuture<RestResponse> sent;
        try {
            sent = transport.send(request);
        }
        catch (RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        sent.whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure);
                return;
            }
            observer.accept(response);
            if ((response.status() == 429 || response.status() == 418) && attempt < MAX_ATTEMPTS) {
                retries.inc();
                try {
                    scheduler.schedule(() -> attempt(request, attempt + 1, result), retryAfter(response).toMillis(), TimeUnit.MILLISECONDS);
                }
                catch (RejectedExecutionException e) {
                    result.complete(response);
                }
                return;
            }
            result.complete(response);
        });
    }

    private Duration retryAfter(RestResponse response)
    {
        return response.header("Retry-After").map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            }
            catch (NumberFormatException e) {
                return defaultRetryAfter;
            }
        }).orElse(defaultRetryAfter);
    }
}
