package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import io.marketpipe.testkit.fakes.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimitedRestTransportTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final FakeRestTransport venue = new FakeRestTransport();
    private final CountingMetrics metrics = new CountingMetrics();

    @Test
    void rateLimiterQueuesBeyondWeight()
    {
        RateLimitedRestTransport transport = transport(new WeightedRateLimiter(10, Duration.ofMinutes(1), clock));

        CompletableFuture<RestResponse> first = transport.send(RestRequest.get("/a", 6));
        clock.advance(Duration.ofSeconds(30));
        transport.send(RestRequest.get("/b", 3));
        CompletableFuture<RestResponse> heavy = transport.send(RestRequest.get("/c", 5));
        CompletableFuture<RestResponse> light = transport.send(RestRequest.get("/d", 1));

        assertTrue(first.isDone());
        assertFalse(heavy.isDone());
        assertFalse(light.isDone(), "waits behind the heavier request although it would fit: FIFO");
        assertEquals(List.of("/a", "/b"), venue.urls());
        assertEquals(2, transport.queued());
        assertEquals(2, metrics.count("rest.queued"));
        assertEquals(2, metrics.gauge("rest.waiting"));
        assertEquals(9, metrics.gauge("rest.weight.used"));
        assertEquals(List.of(30 * SECOND), scheduler.pendingDelaysNanos(), "due when the first request leaves the window");

        clock.advance(Duration.ofSeconds(29));
        assertEquals(0, scheduler.runDue());
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();

        assertEquals(List.of("/a", "/b", "/c", "/d"), venue.urls());
        assertTrue(heavy.isDone());
        assertTrue(light.isDone());
        assertEquals(0, transport.waiting());
    }

    @Test
    void retryAfterPausesAllRequests()
    {
        RateLimitedRestTransport transport = transport(new WeightedRateLimiter(6000, Duration.ofMinutes(1), clock));
        venue.prepare(new RestResponse(429, Map.of("retry-after", List.of("7")), "{\"code\":-1003}", 0));

        RestResponse throttled = transport.send(RestRequest.get("/depth?symbol=BTCUSDT", 50)).join();
        CompletableFuture<RestResponse> next = transport.send(RestRequest.get("/depth?symbol=ETHUSDT", 1));
        CompletableFuture<RestResponse> another = transport.send(RestRequest.get("/trades?symbol=ETHUSDT", 1));

        assertEquals(429, throttled.status(), "the caller sees the 429 and decides about retrying");
        assertEquals(1, transport.throttledResponses());
        assertEquals(1, metrics.count("rest.throttled"));
        assertEquals(List.of("/depth?symbol=BTCUSDT"), venue.urls());
        assertEquals(List.of(7 * SECOND), scheduler.pendingDelaysNanos());

        clock.advance(Duration.ofSeconds(7));
        scheduler.runDue();

        assertEquals(List.of("/depth?symbol=BTCUSDT", "/depth?symbol=ETHUSDT", "/trades?symbol=ETHUSDT"), venue.urls());
        assertEquals(200, next.join().status());
        assertEquals(200, another.join().status());
        assertEquals(2, transport.queued());
    }

    @Test
    void banWithoutRetryAfterPausesForTheDefaultBackoff()
    {
        WeightedRateLimiter limiter = new WeightedRateLimiter(6000, Duration.ofMinutes(1), clock);
        RateLimitedRestTransport transport = transport(limiter);
        venue.prepare(new RestResponse(418, Map.of(), "banned", 0));

        assertEquals(418, transport.send(RestRequest.get("/ping")).join().status());
        CompletableFuture<RestResponse> next = transport.send(RestRequest.get("/time"));

        assertEquals(120 * SECOND, limiter.pauseRemainingNanos());
        assertEquals(List.of(120 * SECOND), scheduler.pendingDelaysNanos());
        clock.advance(Duration.ofSeconds(119));
        scheduler.runDue();
        assertFalse(next.isDone());
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        assertTrue(next.isDone());
    }

    @Test
    void pauseAppliesToEveryTransportSharingTheLimiter()
    {
        WeightedRateLimiter limiter = new WeightedRateLimiter(6000, Duration.ofMinutes(1), clock);
        RateLimitedRestTransport spot = transport(limiter);
        RateLimitedRestTransport other = transport(limiter);
        venue.prepare(new RestResponse(429, Map.of("retry-after", List.of("3")), "", 0));

        spot.send(RestRequest.get("/a")).join();
        CompletableFuture<RestResponse> held = other.send(RestRequest.get("/b"));

        assertFalse(held.isDone());
        clock.advance(Duration.ofSeconds(3));
        scheduler.runDue();
        assertTrue(held.isDone());
    }

    @Test
    void failureIsPassedThroughAsIoException()
    {
        RateLimitedRestTransport transport = transport(new WeightedRateLimiter(10, Duration.ofSeconds(1), clock));
        CompletableFuture<RestResponse> failing = new CompletableFuture<>();
        venue.prepare(failing);

        CompletableFuture<RestResponse> result = transport.send(RestRequest.get("/a"));
        failing.completeExceptionally(new IOException("connection reset"));

        ExecutionException thrown = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(IOException.class, thrown.getCause());
    }

    @Test
    void slidingWindowNeverGrantsMoreThanTheLimitInAnyInterval()
    {
        WeightedRateLimiter limiter = new WeightedRateLimiter(100, Duration.ofSeconds(10), clock);
        long[] grantedAt = new long[1000];
        int[] grantedWeight = new int[1000];
        int grants = 0;
        Random random = new Random(42);
        while (grants < grantedAt.length) {
            int weight = 1 + random.nextInt(20);
            long wait = limiter.tryAcquire(weight);
            if (wait == 0) {
                grantedAt[grants] = clock.getAsLong();
                grantedWeight[grants] = weight;
                grants++;
            }
            clock.advanceNanos(wait == 0 ? random.nextInt(200_000_000) : wait);
        }
        long interval = 10 * SECOND;
        for (int i = 0; i < grants; i++) {
            long sum = 0;
            for (int j = i; j < grants && grantedAt[j] - grantedAt[i] < interval; j++) {
                sum += grantedWeight[j];
            }
            assertTrue(sum <= 100, "weight " + sum + " granted within one interval from grant " + i);
        }
    }

    @Test
    void requestHeavierThanTheLimitGoesOnceTheWindowIsEmpty()
    {
        WeightedRateLimiter limiter = new WeightedRateLimiter(10, Duration.ofSeconds(1), clock);
        assertEquals(0, limiter.tryAcquire(3));
        assertEquals(SECOND, limiter.tryAcquire(50));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(0, limiter.tryAcquire(50));
        assertEquals(50, limiter.usedWeight());
    }

    private RateLimitedRestTransport transport(WeightedRateLimiter limiter)
    {
        return new RateLimitedRestTransport(venue, limiter, scheduler, Duration.ofMinutes(2), metrics);
    }
}
