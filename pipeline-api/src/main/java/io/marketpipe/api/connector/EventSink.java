package io.marketpipe.api.connector;

import io.marketpipe.api.model.MarketEvent;

/**
 * Where connectors and enrichers put canonical events. An implementation never throws for a full
 * buffer; what happens when a consumer falls behind is the runtime's configured overflow policy
 * ({@code marketpipe.bus.overflow}), and it is counted: with {@code block}, the default,
 * {@link #accept} waits until the consumer has room, so nothing is lost; with {@code drop-oldest}
 * or {@code drop-newest} it never waits and drops.
 *
 * <p>A connector may therefore wait in {@code accept}, and the runtime makes sure that no socket
 * waits with it: a connector is never called on a socket's reader thread. Frames wait in the
 * connection's inbound buffer ({@code marketpipe.transport.websocket.inbound-buffer}) while the
 * socket keeps being read; a connection whose buffer fills is dropped, counted in
 * {@code ws.inbound.overflows}, and the connector reconnects and resynchronizes.
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
