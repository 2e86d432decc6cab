package io.marketpipe.api.connector;

import io.marketpipe.api.model.Instrument;

import java.util.List;
import java.util.Optional;

/**
 * Speaks one venue's protocol: subscribes, decodes frames into canonical events, applies the
 * venue's sequence rules and resynchronises books.
 *
 * <p>A connector never opens sockets itself: it asks its {@link ConnectorContext} for WebSocket
 * and REST transports, which is how the runtime records, replays, rate-limits and injects
 * faults for every venue alike.
 *
 * @since 0.1
 */
public interface Connector
        extends AutoCloseable
{
    /**
     * Connects and subscribes. Returns once the connection attempts are under way; progress and
     * failures are reported as {@link io.marketpipe.api.model.SourceStatus} events and metrics,
     * and reconnects happen without the caller's help.
     */
    void start();

    /**
     * @return the instruments this connector publishes, as far as known
     */
    List<Instrument> instruments();

    /**
     * @return the venue's candle history, when the connector can fetch it; empty by default
     * @since 0.2
     */
    default Optional<HistoricalCandles> candleHistory()
    {
        return Optional.empty();
    }

    /**
     * Unsubscribes where the venue supports it and closes every connection. Idempotent.
     */
    @Override
    void close();
}
