package io.marketpipe.api.enricher;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.MarketEvent;

/**
 * Receives canonical events and may emit derived ones (indicator values, signals).
 *
 * <p>By contract the runtime calls an enricher from one thread per instrument at a time, so
 * per-instrument state needs no locking. Events an enricher emits continue down the chain to
 * the enrichers after it, the stores and the listeners; an enricher never receives its own
 * output. An exception thrown from {@link #onEvent} is counted and logged, and the event still
 * reaches the rest of the pipeline.
 *
 * @since 0.1
 */
public interface Enricher
        extends AutoCloseable
{
    /**
     * @param event an event from a connector or from an earlier enricher
     * @param out where derived events go
     */
    void onEvent(MarketEvent event, EventSink out);

    /**
     * Releases resources. The default does nothing.
     */
    @Override
    default void close()
    {
    }
}
