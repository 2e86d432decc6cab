package io.marketpipe.yahoo;

import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.testkit.fakes.TestConnectorContext;
import io.marketpipe.toolkit.PollingScheduler;
import io.marketpipe.toolkit.PollingScheduler.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The toolkit's polling scheduler on a manual scheduler and a clock the test moves: due times stay
 * on their grid, a target never has two polls in flight, a slow target delays nobody else, failures
 * back off and open the breaker, refusals wait.
 */
class PollingSchedulerTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final TestConnectorContext context = new TestConnectorContext("yahoo-test");
    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final List<String> transitions = new ArrayList<>();
    private final ReconnectPolicy policy = context.reconnectPolicy(
            new ReconnectPolicy.Settings(Duration.ofSeconds(1), Duration.ofSeconds(4), 3, Duration.ofSeconds(30)),
            (from, to, reason) -> transitions.add(to.name()));
    private final PollingScheduler scheduler = new PollingScheduler(context.scheduler, policy, now::get, context.metrics);

    @Test
    void aSlowAnswerSkipsMissedDueTimesAndKeepsTheGrid()
    {
        List<CompletableFuture<Outcome>> polls = new ArrayList<>();
        scheduler.add("AAPL 1m", Duration.ofSeconds(10), () -> {
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            polls.add(answer);
            return answer;
        });
        scheduler.start();
        assertEquals(0, context.scheduler.runNext(), "the first poll is due at once");
        assertEquals(1, polls.size());
        assertEquals(List.of(), context.scheduler.pendingDelaysNanos(), "nothing more is scheduled while the poll is in flight");

        now.addAndGet(25 * SECOND);
        polls.get(0).complete(Outcome.ANSWERED);
        assertEquals(List.of(5 * SECOND), context.scheduler.pendingDelaysNanos(), "the next due time on the grid is 30 s after the first");
        assertEquals(2, context.metrics.count("poll.skipped"), "the due times at 10 s and 20 s passed while waiting");

        now.addAndGet(5 * SECOND);
        context.scheduler.runNext();
        now.addAndGet(1 * SECOND);
        polls.get(1).complete(Outcome.ANSWERED);
        assertEquals(List.of(9 * SECOND), context.scheduler.pendingDelaysNanos(), "a 1 s answer does not shift the grid: the next poll is due at 40 s");
        assertEquals(2, polls.size());
    }

    @Test
    void aTargetInFlightDelaysNoOtherTarget()
    {
        List<CompletableFuture<Outcome>> slow = new ArrayList<>();
        AtomicLong fast = new AtomicLong();
        scheduler.add("SLOW", Duration.ofSeconds(10), () -> {
            CompletableFuture<Outcome> answer = new CompletableFuture<>();
            slow.add(answer);
            return answer;
        });
        scheduler.add("FAST", Duration.ofSeconds(10), () -> {
            fast.incrementAndGet();
            return CompletableFuture.completedFuture(Outcome.ANSWERED);
        });
        scheduler.start();
        assertEquals(List.of(0L, 5 * SECOND), context.scheduler.pendingDelaysNanos(), "first polls spread over the interval");
        for (int i = 0; i < 6; i++) {
            context.scheduler.runNext();
        }
        assertEquals(6 - 1, fast.get(), "FAST polled on while SLOW waited");
        assertEquals(1, slow.size(), "SLOW never had a second poll in flight");
    }

    @Test
    void failuresBackOffAndOpenTheBreakerWhichHoldsPollsBack()
    {
        AtomicLong sent = new AtomicLong();
        scheduler.add("GC=F 1m", Duration.ofSeconds(10), () -> {
            sent.incrementAndGet();
            return CompletableFuture.failedFuture(new java.io.IOException("connection reset"));
        });
        scheduler.start();
        for (int i = 0; i < 3; i++) {
            context.scheduler.runNext();
            long backoff = context.scheduler.pendingDelaysNanos().get(0);
            assertTrue(backoff <= Math.min(4, 1L << i) * SECOND, "backoff " + backoff + " within the bound of failure " + (i + 1));
        }
        assertEquals(3, sent.get());
        assertEquals(List.of("OPEN"), transitions, "three failures in a row open the breaker");
        context.scheduler.runNext();
        assertEquals(3, sent.get(), "an open breaker holds the poll back");
        assertEquals(1, context.scheduler.pendingDelaysNanos().size(), "and asks again later");
        assertEquals(3, context.metrics.count("poll.failures"));
    }

    @Test
    void aRefusedTargetWaitsAtLeastAnIntervalWithoutOpeningTheBreaker()
    {
        AtomicLong sent = new AtomicLong();
        scheduler.add("NOSUCH 1m", Duration.ofSeconds(10), () -> {
            sent.incrementAndGet();
            return CompletableFuture.completedFuture(Outcome.REFUSED);
        });
        scheduler.start();
        for (int i = 0; i < 5; i++) {
            context.scheduler.runNext();
            assertEquals(List.of((10L << i) * SECOND), context.scheduler.pendingDelaysNanos(), "refusal " + (i + 1) + " waits " + (1 << i) + " intervals");
        }
        assertEquals(5, sent.get());
        assertEquals(List.of(), transitions, "refusals are answers: the breaker stays closed");
        assertEquals(5, context.metrics.count("poll.refusals"));
    }

    @Test
    void closeStopsPolling()
    {
        AtomicLong sent = new AtomicLong();
        scheduler.add("AAPL 1m", Duration.ofSeconds(10), () -> {
            sent.incrementAndGet();
            return CompletableFuture.completedFuture(Outcome.ANSWERED);
        });
        scheduler.start();
        context.scheduler.runNext();
        scheduler.close();
        assertEquals(List.of(), context.scheduler.pendingDelaysNanos());
        assertEquals(1, sent.get());
    }
}
