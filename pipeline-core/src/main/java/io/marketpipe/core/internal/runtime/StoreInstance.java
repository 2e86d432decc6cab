package io.marketpipe.core.internal.runtime;

import io.github.resilience4j.core.IntervalFunction;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.store.Store;
import io.marketpipe.core.internal.bus.ConsumerStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A store behind its consumer stage: batches are written from the stage's thread, off the hot
 * path. A write that fails with an {@link IOException} (the store is unavailable) is retried,
 * with waits that double up to {@value #MAX_WAIT_MILLIS} ms, until it succeeds: meanwhile events
 * wait in the stage's buffer and, under the {@code block} overflow policy, hold the producers
 * back, so a store that stalls or fails for a while loses nothing. A batch the store keeps
 * rejecting with a runtime exception (a defect, not an outage) is given up after
 * {@value #REJECTED_ATTEMPTS} attempts, as is a batch whose retries a forced stop interrupts;
 * both are counted in {@code lost} and logged.
 */
final class StoreInstance
        implements ConsumerStage.BatchHandler
{
    private static final Logger log = LoggerFactory.getLogger(StoreInstance.class);
    private static final long FIRST_WAIT_MILLIS = 100;
    private static final long MAX_WAIT_MILLIS = 5_000;
    private static final int LOG_EVERY_FAILURES = 10;
    private static final int REJECTED_ATTEMPTS = 3;
    // the doubling reaches the cap long before this; it keeps the interval function's loop short
    private static final int MAX_COUNTED_ATTEMPTS = 32;

    private final String name;
    private final String type;
    private final Store store;
    private final IntervalFunction waits = IntervalFunction.ofExponentialBackoff(FIRST_WAIT_MILLIS, 2.0, MAX_WAIT_MILLIS);
    private final Metrics.Counter written;
    private final Metrics.Counter failedWrites;
    private final Metrics.Counter lostEvents;

    StoreInstance(String name, String type, Store store, Metrics metrics)
    {
        this.type = requireNonNull(type, "type is null");
        this.name = requireNonNull(name, "name is null");
        this.store = requireNonNull(store, "store is null");
        this.written = metrics.counter("written");
        this.failedWrites = metrics.counter("write-failures");
        this.lostEvents = metrics.counter("lost");
    }

    String type()
    {
        return type;
    }

    String name()
    {
        return name;
    }

    Store store()
    {
        return store;
    }

    @Override
    public void handle(List<MarketEvent> batch)
            throws InterruptedException
    {
        for (int attempt = 1; ; attempt++) {
            try {
                store.write(batch);
                written.inc(batch.size());
                if (attempt > 1) {
                    log.info("Store {} wrote again after {} failed attempts", name, attempt - 1);
                }
                return;
            }
            catch (IOException | RuntimeException e) {
                failedWrites.inc();
                if (e instanceof RuntimeException && attempt == REJECTED_ATTEMPTS) {
                    lostEvents.inc(batch.size());
                    log.error("Store {} lost a batch of {} events it rejected {} times: {}", name, batch.size(), attempt, e.toString());
                    return;
                }
                if (attempt == 1 || attempt % LOG_EVERY_FAILURES == 0) {
                    log.warn("Store {} failed to write a batch of {} events (attempt {}): {}; retrying while events wait in its buffer",
                            name, batch.size(), attempt, e.toString());
                }
                try {
                    Thread.sleep(waits.apply(Math.min(attempt, MAX_COUNTED_ATTEMPTS)));
                }
                catch (InterruptedException stopped) {
                    lostEvents.inc(batch.size());
                    log.error("Store {} lost a batch of {} events: stopped while retrying after {} failed attempts", name, batch.size(), attempt);
                    throw stopped;
                }
            }
        }
    }

    @Override
    public void finish()
            throws IOException
    {
        store.flush();
    }

    void closeQuietly()
    {
        try {
            store.close();
        }
        catch (IOException | RuntimeException e) {
            log.warn("Store {} failed to close cleanly: {}", name, e.toString());
        }
    }
}
