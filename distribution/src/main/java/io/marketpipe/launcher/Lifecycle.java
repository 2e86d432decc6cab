package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a started pipeline until a signal or a deadline, then shuts it down gracefully: connectors
 * close, buffers drain into stores and listeners, stores flush. A second INT or TERM signal during
 * shutdown exits at once, losing what is still buffered.
 */
final class Lifecycle
{
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);
    /** The exit status of a process ended by a second interrupt, as shells report SIGINT. */
    static final int FORCED_EXIT = 130;

    private Lifecycle() {}

    static int runUntilStopped(MarketPipe pipe, Duration duration)
            throws InterruptedException
    {
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        handleSignals(stopped);
        // other ways the JVM may end (SIGHUP, System.exit elsewhere) still close the pipeline
        Thread hook = new Thread(() -> {
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
        log.info("marketpipe running with {} connector(s); Ctrl-C to stop", pipe.connectors().size());
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

    private static void handleSignals(CountDownLatch stopped)
    {
        onSignals(stopped::countDown);
    }

    /**
     * The JVM ignores further signals once its shutdown hooks run, so the launcher counts INT and
     * TERM itself: the first runs {@code stop}, which starts the graceful shutdown, the second halts.
     *
     * @return restores the handlers there were before
     */
    static Runnable onSignals(Runnable stop)
    {
        AtomicInteger signals = new AtomicInteger();
        List<Runnable> restore = new ArrayList<>();
        for (String name : List.of("INT", "TERM")) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, received -> {
                    if (signals.incrementAndGet() == 1) {
                        log.info("Stopping: closing connectors and flushing stores (signal again to exit at once)");
                        stop.run();
                    }
                    else {
                        log.warn("Second signal: exiting at once; events still buffered are lost");
                        Runtime.getRuntime().halt(FORCED_EXIT);
                    }
                });
                restore.add(() -> Signal.handle(signal, previous));
            }
            catch (IllegalArgumentException unsupported) {
                // the platform has no such signal; the shutdown hook still stops the pipeline
            }
        }
        return () -> restore.forEach(Runnable::run);
    }
}
