package io.marketpipe.core;

import io.marketpipe.api.model.MarketEvent;

/**
 * Receives every event of an embedded pipeline in-process, on a dedicated thread per listener
 * with a bounded buffer in front of it.
 */
@FunctionalInterface
public interface EventListener
{
    void onEvent(MarketEvent event);

    /**
     * Called once after the last event, when the pipeline closes.
     */
    default void onClose()
    {
    }
}
