package io.marketpipe.core.internal.resilience;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.connector.ReconnectPolicy.State;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceReconnectPolicyTest
{
    private static final ReconnectPolicy.Settings SETTINGS = new ReconnectPolicy.Settings(Duration.ofMillis(100), Duration.ofSeconds(1), 3, Duration.ofSeconds(30));

    private final MetricRegistry registry = new MetricRegistry();
    private final ManualClock clock = new ManualClock();
    private final List<String> transitions = new ArrayList<>();
    private final SourceReconnectPolicy policy = new SourceReconnectPolicy("binance-spot", SETTINGS,
            (from, to, reason) -> transitions.add(from + "->" + to + ": " + reason), new DropwizardMetrics(registry, "connector.binance-spot"), clock.asJavaClock());

    @Test
    void waitsAreDrawnBetweenZeroAndADoublingBoundCappedAtTheMaximum()
    {
        long[] bounds = {100, 200, 400, 800, 1000, 1000};
        for (int failures = 1; failures <= bounds.length; failures++) {
            long bound = bounds[failures - 1];
            long shortest = Long.MAX_VALUE;
            long longest = 0;
            for (int draw = 0; draw < 500; draw++) {
                long wait = policy.backoff(failures).toMillis();
                shortest = Math.min(shortest, wait);
                longest = Math.max(longest, wait);
            }
            assertTrue(longest <= bound, "after " + failures + " failures the wait is at most " + bound + " ms, got " + longest);
            assertTrue(longest > bound * 3 / 4, "full jitter reaches towards the bound " + bound + " ms, longest " + longest);
            assertTrue(shortest < bound / 4, "full jitter goes down towards zero, shortest " + shortest + " of bound " + bound);
        }
    }

    @Test
    void breakerOpensAfterTheThresholdOfFailuresInARowThenLetsOneTrialThroughAndCloses()
    {
        for (int attempt = 1; attempt <= 3; attempt++) {
            assertEquals(Duration.ZERO, policy.tryAttempt(), "attempt " + attempt + " goes ahead while closed");
            policy.failed("connection refused " + attempt);
        }

        assertEquals(State.OPEN, policy.state());
        assertEquals(List.of("CLOSED->OPEN: 3 connection attempts failed in a row, the last: connection refused 3; holding attempts back for 30000 ms"), transitions);
        assertEquals(2L, registry.getGauges().get("connector.binance-spot.circuit-breaker.state").getValue());
        assertEquals(1, registry.counter("connector.binance-spot.circuit-breaker.opened").getCount());
        Duration held = policy.tryAttempt();
        assertTrue(held.compareTo(Duration.ofSeconds(29)) > 0 && held.compareTo(Duration.ofSeconds(31)) < 0, "held back for the open period: " + held);

        clock.advance(Duration.ofSeconds(31));
        assertEquals(Duration.ZERO, policy.tryAttempt(), "the trial attempt");
        assertEquals(State.HALF_OPEN, policy.state());
        assertEquals(SETTINGS.minDelay(), policy.tryAttempt(), "a second connection waits for the trial");
        assertEquals(1L, registry.getGauges().get("connector.binance-spot.circuit-breaker.state").getValue());
        policy.succeeded();

        assertEquals(State.CLOSED, policy.state());
        assertEquals(3, transitions.size());
        assertEquals("OPEN->HALF_OPEN: open for 30000 ms; letting a trial connection attempt through", transitions.get(1));
        assertEquals("HALF_OPEN->CLOSED: a connection attempt succeeded", transitions.get(2));
        assertEquals(0L, registry.getGauges().get("connector.binance-spot.circuit-breaker.state").getValue());
    }

    @Test
    void failedTrialOpensTheBreakerAgain()
    {
        for (int attempt = 1; attempt <= 3; attempt++) {
            policy.tryAttempt();
            policy.failed("refused");
        }
        clock.advance(Duration.ofSeconds(31));
        assertEquals(Duration.ZERO, policy.tryAttempt());

        policy.failed("still refused");

        assertEquals(State.OPEN, policy.state());
        assertEquals("HALF_OPEN->OPEN: the trial connection attempt failed, the last: still refused; holding attempts back for 30000 ms", transitions.get(2));
        assertEquals(2, registry.counter("connector.binance-spot.circuit-breaker.opened").getCount());
        assertTrue(policy.tryAttempt().compareTo(Duration.ofSeconds(29)) > 0);
    }

    @Test
    void successInBetweenKeepsTheBreakerClosed()
    {
        for (String outcome : List.of("fail", "fail", "ok", "fail", "fail", "ok", "fail", "fail")) {
            assertEquals(Duration.ZERO, policy.tryAttempt());
            if (outcome.equals("ok")) {
                policy.succeeded();
            }
            else {
                policy.failed("refused");
            }
        }

        assertEquals(State.CLOSED, policy.state());
        assertEquals(List.of(), transitions);
    }
}
