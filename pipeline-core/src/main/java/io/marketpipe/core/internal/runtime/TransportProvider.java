package io.marketpipe.core.internal.runtime;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;

import java.util.List;

/**
 * Hands each connector its transports: live, recording or replaying. One provider serves the
 * whole runtime, so a rule every venue shares (recording, rate limits) lives here once.
 */
public interface TransportProvider
        extends AutoCloseable
{
    /**
     * @param connector the connector instance name
     * @param venue the connector's type, which names its venue (rate limits are per venue)
     */
    WebSocketTransport webSockets(String connector, String venue, Metrics metrics);

    /**
     * Tells the provider what a connector collects, before it asks for transports; a recording
     * names the market and symbols in its capture header so that it replays without configuration.
     */
    default void describe(String connector, String market, List<String> symbols)
    {
    }

    /**
     * Sets a venue's REST budget, before its connectors ask for transports: every connector of the
     * venue draws on the first budget declared for it (the venue counts per client address).
     * Venues that declare none share {@code marketpipe.transport.rest-limits.default}.
     */
    default void restBudget(String venue, long weight, java.time.Duration interval)
    {
    }

    RestTransport rest(String connector, String venue, Metrics metrics);

    /**
     * @return the runtime's clock: the system clock live, the recorded time in replay
     */
    MarketClock clock();

    @Override
    void close();
}
