package io.marketpipe.core.runtime;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.store.Store;
import io.marketpipe.core.bus.ConsumerStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A store behind its consumer stage: batches are written from the stage's thread, off the hot
 * path; a failed write is retried a few times with backoff, then counted as lost and logged.
 */
final class StoreInstance
        implements ConsumerStage.BatchHandler
{
    private static final Logger log = LoggerFactory.getLogger(StoreInstance.class);
    private static final int ATTEMPTS = 3;

    private final String name;
    private final Store store;
    private final Metrics.Counter written;
    private final Metrics.Counter failedWrites;
    private final Metrics.Counter lostEvents;

    StoreInstance(String name, Store store, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.store = requireNonNull(store, "store is null");
        this.written = metrics.counter("written");
        this.failedWrites = metrics.counter("write-failures");
        this.lostEvents = metrics.counter("lost");
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
                return;
            }
            catch (IOException | RuntimeException e) {
                failedWrites.inc();
                if (attempt == ATTEMPTS) {
                    lostEvents.inc(batch.size());
                    log.error("Store {} lost a batch of {} events after {} attempts: {}", name, batch.size(), ATTEMPTS, e.toString());
                    return;
                }
                Thread.sleep(100L << attempt);
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
