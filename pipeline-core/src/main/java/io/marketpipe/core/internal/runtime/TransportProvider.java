package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.internal.transport.ReplayResult;

import java.util.List;

/**
 * The runtime's mode: live, recording or replaying. It hands each connector its transports and
 * decides what differs between the modes (which connectors run, which clock the pipeline keeps,
 * whether timers follow the wall clock), so that no other part asks which mode it is in. One
 * provider serves the whole runtime, so a rule every venue shares (recording, rate limits) lives
 * here once.
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

    /**
     * @return the connector blocks to run: the configured ones (split into subscription shards)
     *         live, the one the capture names in replay
     */
    default List<InstanceBlock> connectors(Config config)
    {
        return SubscriptionShards.apply(config, InstanceBlock.read(config, "connectors"));
    }

    /**
     * @return true when timers (closing candles, scoring quality, checking the aggregation,
     *         warming indicators up from venue history) follow the wall clock; false in replay,
     *         where they follow the recorded times of the events themselves
     */
    default boolean followsWallClock()
    {
        return true;
    }

    /**
     * Called with the runtime's connectors just before they start.
     */
    default void beforeStart(List<ConnectorInstance> connectors)
    {
    }

    /**
     * Plays the capture to its end, or until {@link #stopPlaying()}.
     *
     * @throws IllegalStateException when the runtime was not built for replay
     */
    default ReplayResult play()
    {
        throw new IllegalStateException("this pipeline was not built for replay");
    }

    /**
     * Ends a replay where it is; any thread may call it. Nothing to do in the other modes.
     */
    default void stopPlaying()
    {
    }

    @Override
    void close();
}
