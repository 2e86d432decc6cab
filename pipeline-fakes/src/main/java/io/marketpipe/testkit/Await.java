package io.marketpipe.testkit;

import org.junit.jupiter.api.Assertions;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Waits, with a bound, for a condition that another thread makes true: the way tests of
 * asynchronous code wait, instead of sleeping for a guessed time and then asserting.
 *
 * <pre>{@code
 * Await.until("the venue saw a second connection", () -> venue.connectionCount() >= 2);
 * }</pre>
 *
 * The timeout is generous ({@link #DEFAULT_TIMEOUT}) because it only matters when the condition
 * never becomes true; a passing test returns as soon as it holds.
 */
public final class Await
{
    /** How long {@link #until(String, BooleanSupplier)} waits before failing. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final long POLL_MILLIS = 10;

    private Await() {}

    /**
     * Polls the condition until it holds, failing the test after {@link #DEFAULT_TIMEOUT}.
     *
     * @param description what is awaited, completing "timed out waiting until ..."
     */
    public static void until(String description, BooleanSupplier condition)
    {
        until(description, DEFAULT_TIMEOUT, condition, () -> null);
    }

    /**
     * Polls the condition until it holds; on timeout the failure message includes the state,
     * evaluated then, to show how far things got.
     */
    public static void until(String description, BooleanSupplier condition, Supplier<?> state)
    {
        until(description, DEFAULT_TIMEOUT, condition, state);
    }

    /**
     * Polls the condition until it holds or the timeout passes.
     */
    public static void until(String description, Duration timeout, BooleanSupplier condition, Supplier<?> state)
    {
        requireNonNull(description, "description is null");
        requireNonNull(timeout, "timeout is null");
        requireNonNull(condition, "condition is null");
        requireNonNull(state, "state is null");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                Object observed = state.get();
                Assertions.fail("timed out after " + timeout.toSeconds() + " s waiting until " + description
                        + (observed == null ? "" : "; state: " + observed));
            }
            try {
                Thread.sleep(POLL_MILLIS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting until " + description);
            }
        }
    }
}
