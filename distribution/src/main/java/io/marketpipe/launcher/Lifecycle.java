package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a started pipeline until a signal or a deadline, then shuts it down gracefully: connectors
 * close, buffers drain into stores and listeners. A second signal during shutdown exits at once.
 */
final class Lifecycle
{
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private Lifecycle() {}

    static int runUntilStopped(MarketPipe pipe, Duration duration)
            throws InterruptedException
    {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            if (stopped.getCount() == 0) {
                return;
            }
            log.info("Stopping: closing connectors and flushing stores (signal again to exit at once)");
            stopped.countDown();
            try {
                closed.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "marketpipe-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        pipe.start();
        log.info("marketpipe running with {} connector(s); Ctrl-C to stop", pipe.runtime().connectors().size());
        try {
            if (duration == null) {
                stopped.await();
            }
            else if (!stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS)) {
                log.info("Duration {} reached; stopping", duration);
            }
        }
        finally {
            pipe.close();
            closed.countDown();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (IllegalStateException shuttingDown) {
            // the JVM is already exiting through the hook
        }
        return 0;
    }
}
