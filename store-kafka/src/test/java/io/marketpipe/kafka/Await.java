package io.marketpipe.kafka;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits, at most for a bound, for something that happens on another thread.
 */
final class Await
{
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private Await() {}

    /**
     * @param failure what to report when the condition does not hold in time
     */
    static void until(BooleanSupplier condition, Supplier<String> failure)
            throws InterruptedException
    {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("not within " + TIMEOUT + ": " + failure.get());
            }
            Thread.sleep(20);
        }
    }
}
