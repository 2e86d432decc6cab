package io.marketpipe.api.connector;

import io.marketpipe.api.model.MarketEvent;

/**
 * Where connectors and enrichers put canonical events. Implementations never block the caller
 * for long and never throw for a full buffer: overflow is handled by the runtime's configured
 * policy and counted.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface EventSink
{
    /**
     * @param event the event to publish; never null
     */
    void accept(MarketEvent event);
}
