package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;

import static java.util.Objects.requireNonNull;

/**
 * Publishes one connector's {@link SourceStatus} events: connection changes, gaps, decode errors,
 * circuit breaker transitions.
 */
public final class VenueStatus
{
    private final String source;
    private final String venue;
    private final String market;
    private final EventSink sink;
    private final MarketClock clock;

    /**
     * @param source the connector instance name
     * @param venue the protocol family, e.g. {@code okx}
     * @param market the venue segment, e.g. {@code spot}
     */
    public VenueStatus(String source, String venue, String market, EventSink sink, MarketClock clock)
    {
        this.source = requireNonNull(source, "source is null");
        this.venue = requireNonNull(venue, "venue is null");
        this.market = requireNonNull(market, "market is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @return the status reporter of a connector instance: its events name the instance and go
     *         into its context's sink, timed by its context's clock
     */
    public static VenueStatus of(ConnectorContext context, String venue, String market)
    {
        return new VenueStatus(context.name(), venue, market, context.sink(), context.clock());
    }

    /**
     * @return the runtime's reconnect policy for the connector, whose circuit breaker transitions
     *         this reports
     */
    public ReconnectPolicy reconnectPolicy(ConnectorContext context, ReconnectPolicy.Settings settings)
    {
        return context.reconnectPolicy(settings, this::circuitTransition);
    }

    /**
     * @param instrument the instrument concerned, or null for a whole connection
     */
    public void report(SourceStatus.Kind kind, Instrument instrument, String reason)
    {
        sink.accept(new SourceStatus(source, venue, market, instrument, 0, clock.nowNanos(), kind, reason));
    }

    /**
     * Reports a circuit breaker transition; pass as the listener of
     * {@link io.marketpipe.api.connector.ConnectorContext#reconnectPolicy}.
     */
    public void circuitTransition(ReconnectPolicy.State from, ReconnectPolicy.State to, String reason)
    {
        SourceStatus.Kind kind = switch (to) {
            case OPEN -> SourceStatus.Kind.CIRCUIT_OPEN;
            case HALF_OPEN -> SourceStatus.Kind.CIRCUIT_HALF_OPEN;
            case CLOSED -> SourceStatus.Kind.CIRCUIT_CLOSED;
        };
        report(kind, null, reason);
    }

    /**
     * @return the connector instance name
     */
    public String source()
    {
        return source;
    }
}
