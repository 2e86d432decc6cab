package io.marketpipe.api.connector;

import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;

import java.util.concurrent.ScheduledExecutorService;

/**
 * The host services a connector uses. Optional services throw
 * {@link UnsupportedOperationException} by default, so a test context implements only what the
 * code under test needs.
 *
 * @since 0.1
 */
public interface ConnectorContext
{
    /**
     * @return the instance name, unique in the runtime (e.g. {@code binance-spot}); used in
     *         metric names and status events
     */
    String name();

    /**
     * @return where the connector publishes its canonical events
     */
    EventSink sink();

    /**
     * @return the WebSocket transport (live, recording or replaying)
     */
    default WebSocketTransport webSockets()
    {
        throw new UnsupportedOperationException("this context offers no WebSocket transport");
    }

    /**
     * @return the REST transport (live, recording or replaying), rate limited per venue
     */
    default RestTransport rest()
    {
        throw new UnsupportedOperationException("this context offers no REST transport");
    }

    /**
     * @return the core order book engine, which verifies and publishes books
     */
    default OrderBooks books()
    {
        throw new UnsupportedOperationException("this context offers no order book engine");
    }

    /**
     * @return a scheduler for timers (reconnect backoff, keep-alive pings, resync pacing); shared,
     *         so tasks must be short
     */
    default ScheduledExecutorService scheduler()
    {
        throw new UnsupportedOperationException("this context offers no scheduler");
    }

    /**
     * @return metrics scoped to this connector instance
     */
    default Metrics metrics()
    {
        return Metrics.NOOP;
    }

    /**
     * @return the clock; in replay it follows the recorded receive times
     */
    default MarketClock clock()
    {
        return MarketClock.SYSTEM;
    }

    /**
     * Creates the source's reconnect policy: backoff with full jitter between the attempts of a
     * connection and the source's circuit breaker, whose state the runtime reports as a metric.
     * A connector asks once and uses the policy for all its connections.
     *
     * @param listener hears the breaker's transitions, which the connector reports as status events
     * @since 0.2
     */
    default ReconnectPolicy reconnectPolicy(ReconnectPolicy.Settings settings, ReconnectPolicy.Listener listener)
    {
        throw new UnsupportedOperationException("this context offers no reconnect policy");
    }
}
