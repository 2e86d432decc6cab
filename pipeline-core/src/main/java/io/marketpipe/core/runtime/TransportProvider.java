package io.marketpipe.core.runtime;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;

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

    RestTransport rest(String connector, String venue, Metrics metrics);

    /**
     * @return the runtime's clock: the system clock live, the recorded time in replay
     */
    MarketClock clock();

    @Override
    void close();
}
