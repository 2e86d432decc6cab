package io.marketpipe.yahoo;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.RestResponder.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The connector in the real runtime against a fake Yahoo on loopback serving many symbols: some
 * answer 400 or 404 with Yahoo's error body, one is throttled (429) once, one fails with 500 twice,
 * one answers slowly. Assertions are on counts and order, never on timing.
 */
class YahooFakeVenueTest
{
    private static final long T0 = 1_699_972_200L;
    private static final List<String> HEALTHY = IntStream.range(0, 8).mapToObj(i -> "EQ" + i).toList();
    private static final Duration SLOW_ANSWER = Duration.ofMillis(2_500);

    @TempDir
    Path plugins;

    private final Map<String, AtomicInteger> polls = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    // a slow answer ends with the test
    private final CountDownLatch finished = new CountDownLatch(1);

    @AfterEach
    void endSlowAnswers()
    {
        finished.countDown();
    }

    @Test
    void manySymbolsArePolledConcurrentlyAndOneSymbolsFaultsStayItsOwn()
            throws Exception
    {
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (FakeVenue venue = FakeVenue.builder().restResponder(this::respond).start()) {
            List<String> symbols = new ArrayList<>(HEALTHY);
            symbols.addAll(List.of("BAD", "GONE", "THROTTLED", "FLAKY", "SLOW"));
            String config = "marketpipe.connectors = [{ type = yahoo, name = yahoo-test, symbols = [" + String.join(", ", symbols) + "], "
                    + "candle-intervals = [1m], poll-interval = 1s, rest-url = \"" + venue.restUrl() + "\", "
                    + "reconnect-backoff-min = 50ms, reconnect-backoff-max = 200ms, circuit-breaker-threshold = 50, "
                    + "rest-budget { weight = 6000, interval = 1m } }]\n"
                    + "marketpipe.metrics.log-interval = 0\n"
                    + "marketpipe.candles.intervals = []\n"
                    + "marketpipe.transport.retry-after-default = 1s\n";
            try (MarketPipe pipe = MarketPipe.builder().config(config).pluginsDirectory(plugins).listener(events::add).build()) {
                long started = System.nanoTime();
                pipe.start();
                Await.until("every symbol polled, the slow one answered twice, the faulty ones recovered", () ->
                        HEALTHY.stream().allMatch(symbol -> count(polls, symbol) >= 4)
                                && count(polls, "SLOW") >= 3
                                && candles(events, "FLAKY") >= 1 && candles(events, "THROTTLED") >= 1 && candles(events, "SLOW") >= 2,
                        () -> polls);
                long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;
                pipe.close();

                for (String symbol : symbols) {
                    assertEquals(1, count(mostInFlight, symbol), symbol + " never had two polls in flight");
                }
                assertTrue(count(polls, "SLOW") <= elapsedSeconds + 2, "no catch-up burst after slow answers: " + count(polls, "SLOW") + " polls in " + elapsedSeconds + " s");
                for (String symbol : HEALTHY) {
                    assertTrue(count(polls, symbol) <= elapsedSeconds + 2, symbol + " is polled at most once a second: " + count(polls, symbol) + " in " + elapsedSeconds + " s");
                    List<Long> starts = starts(events, symbol);
                    assertTrue(starts.size() >= 4, symbol + " candles " + starts);
                    for (int i = 1; i < starts.size(); i++) {
                        assertTrue(starts.get(i) > starts.get(i - 1), symbol + ": every bar published once, in order: " + starts);
                    }
                }
                assertTrue(count(polls, "GONE") < count(polls, "EQ0"), "a refused symbol is polled less often than the healthy ones");
                List<String> reasons;
                synchronized (events) {
                    reasons = events.stream().filter(SourceStatus.class::isInstance).map(event -> ((SourceStatus) event).reason()).toList();
                }
                assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("GONE:") && reason.contains("No data found, symbol may be delisted")), reasons.toString());
                assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("BAD:") && reason.contains("Invalid input - interval=1m is not supported")), reasons.toString());
                assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("FLAKY:") && reason.contains("500")), reasons.toString());
                assertTrue(pipe.count("connector.yahoo-test.chart.errors") >= 2);
            }
        }
    }

    private Optional<Reply> respond(String method, String target)
    {
        String symbol = YahooSymbols.symbolOf(target);
        if (symbol == null) {
            return Optional.empty();
        }
        int poll = polls.computeIfAbsent(symbol, ignored -> new AtomicInteger()).incrementAndGet();
        int concurrent = inFlight.computeIfAbsent(symbol, ignored -> new AtomicInteger()).incrementAndGet();
        mostInFlight.computeIfAbsent(symbol, ignored -> new AtomicInteger()).accumulateAndGet(concurrent, Math::max);
        try {
            switch (symbol) {
                case "BAD":
                    return Optional.of(new Reply(400, ChartBodies.error("Bad Request", "Invalid input - interval=1m is not supported"), Map.of()));
                case "GONE":
                    return Optional.of(new Reply(404, ChartBodies.error("Not Found", "No data found, symbol may be delisted"), Map.of()));
                case "THROTTLED":
                    if (poll == 1) {
                        return Optional.of(new Reply(429, "Too Many Requests", Map.of("Retry-After", "0")));
                    }
                    break;
                case "FLAKY":
                    if (poll <= 2) {
                        return Optional.of(new Reply(500, "{\"finance\":{\"result\":null,\"error\":{\"code\":\"internal-error\",\"description\":\"boom\"}}}", Map.of()));
                    }
                    break;
                case "SLOW":
                    // longer than the poll interval: the next poll falls due while this one is in flight
                    finished.await(SLOW_ANSWER.toMillis(), TimeUnit.MILLISECONDS);
                    break;
                default:
                    break;
            }
            ChartBodies body = ChartBodies.chart(symbol, "1m");
            for (int bar = 0; bar < poll; bar++) {
                body.bar(T0 + 60L * bar, "10." + bar, "11", "9", "10.5", String.valueOf(100 + bar));
            }
            return Optional.of(Reply.json(body.json()));
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of(new Reply(503, "interrupted", Map.of()));
        }
        finally {
            inFlight.get(symbol).decrementAndGet();
        }
    }

    private static int count(Map<String, AtomicInteger> counts, String symbol)
    {
        AtomicInteger count = counts.get(symbol);
        return count == null ? 0 : count.get();
    }

    private static List<Long> starts(List<MarketEvent> events, String symbol)
    {
        synchronized (events) {
            return events.stream().filter(Candle.class::isInstance).map(Candle.class::cast)
                    .filter(candle -> candle.instrument().nativeSymbol().equals(symbol))
                    .map(Candle::openTimeMillis).toList();
        }
    }

    private static long candles(List<MarketEvent> events, String symbol)
    {
        return starts(events, symbol).size();
    }
}
