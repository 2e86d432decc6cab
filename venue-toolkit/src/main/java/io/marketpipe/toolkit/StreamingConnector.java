package io.marketpipe.toolkit;

import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;

import static java.util.Objects.requireNonNull;

/**
 * The base of a venue connector whose streams run under a {@link StreamSupervisor}: it holds the
 * connector's context and, from the venue's settings, the status it reports through and the
 * reconnect policy (with its circuit breaker) that its streams and REST backfills share. What is
 * left to a venue is its protocol: what to subscribe, how to read a frame, how to resynchronize.
 */
public abstract class StreamingConnector
        implements Connector, StreamProtocol
{
    protected final ConnectorContext context;
    protected final Metrics metrics;
    protected final VenueStatus status;
    protected final ReconnectPolicy policy;

    /**
     * @param venue the protocol family the connector's instruments and status name
     * @param market the market its status names
     */
    protected StreamingConnector(ConnectorContext context, VenueSettings settings, String venue, String market)
    {
        this.context = requireNonNull(context, "context is null");
        requireNonNull(settings, "settings is null");
        this.metrics = context.metrics();
        this.status = VenueStatus.of(context, venue, market);
        this.policy = status.reconnectPolicy(context, settings.reconnect());
    }
}
