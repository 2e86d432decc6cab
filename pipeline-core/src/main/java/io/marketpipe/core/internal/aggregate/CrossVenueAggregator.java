package io.marketpipe.core.internal.aggregate;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.aggregate.AggregationView;
import io.marketpipe.core.aggregate.ConsensusMode;
import io.marketpipe.core.aggregate.ConsolidatedView;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Consolidates each canonical instrument ({@link AggregateKey}: symbol and market kind) across the
 * sources that publish it: the best bid and offer over sources with the source of each, a merged
 * depth book from their {@code book} events, book imbalance, buy pressure, spread, funding rates
 * and a consensus price ({@link ConsensusMode}).
 *
 * <p>Each instrument has an active source: the configured primary, else the first source to
 * publish. A source is unhealthy for an instrument while it is disconnected (its last connection
 * status was {@code DISCONNECTED} or {@code RECONNECTING}) and, once reconnected, until it
 * publishes for it again; when it has published nothing for it for {@code stale-after}; or when it
 * scores below {@code min-quality}. When the active source becomes
 * unhealthy the healthiest alternative takes over (a disconnect at once, the rest at the next
 * {@link #evaluate()}); the primary takes over again once it has been healthy with
 * {@code return-quality} for {@code return-after}. Every switch is a {@code failover}
 * {@link SourceStatus} on the output, naming both sources and why, and counts in
 * {@code aggregation.failovers} and {@code aggregation.<kind>.<symbol>.failovers}.
 *
 * <p>The consolidated view is read in-process ({@link #view}, {@link #views()}); it is not
 * published as events. Thread-safe.
 */
@Singleton
public final class CrossVenueAggregator
        implements AggregationView
{
    private final AggregationSettings settings;
    private final MarketClock clock;
    private final QualityScores quality;
    private final EventSink output;
    private final Metrics metrics;
    private final Metrics.Counter failovers;
    private final SourceConnections connections = new SourceConnections();
    private final Map<ConsolidatedView.AggregateKey, InstrumentAggregate> aggregates = new ConcurrentHashMap<>();
    private final Map<Instrument, Optional<InstrumentAggregate>> byInstrument = new ConcurrentHashMap<>();

    /**
     * @param quality where sources' quality scores are read
     * @param output where {@code failover} status events go
     */
    @Inject
    public CrossVenueAggregator(AggregationSettings settings, MarketClock clock, QualityScores quality, EventSink output, Metrics metrics)
    {
        this.settings = settings;
        this.clock = clock;
        this.quality = quality;
        this.output = output;
        this.metrics = metrics;
        this.failovers = metrics.counter("aggregation.failovers");
    }

    @Override
    public boolean enabled()
    {
        return settings.enabled();
    }

    public AggregationSettings settings()
    {
        return settings;
    }

    /**
     * Observes a source. Returns {@code downstream} itself when aggregation is disabled.
     *
     * @param source the connector instance name
     * @param downstream where every event goes on, before the aggregator looks at it
     */
    public EventSink sink(String source, EventSink downstream)
    {
        requireNonNull(source, "source is null");
        requireNonNull(downstream, "downstream is null");
        if (!settings.enabled()) {
            return downstream;
        }
        return event -> {
            downstream.accept(event);
            observe(source, event);
        };
    }

    /**
     * Takes in one event of a source.
     */
    public void observe(String source, MarketEvent event)
    {
        if (event instanceof SourceStatus status) {
            switch (status.kind()) {
                case CONNECTED -> connections.connected(source, status.receivedNanos() > 0 ? status.receivedNanos() : clock.nowNanos());
                case DISCONNECTED, RECONNECTING -> {
                    connections.disconnected(source, status.reason());
                    evaluate(source);
                }
                default -> {
                }
            }
            return;
        }
        Instrument instrument = event.instrument();
        if (instrument == null) {
            return;
        }
        Optional<InstrumentAggregate> aggregate = byInstrument.get(instrument);
        if (aggregate == null) {
            aggregate = byInstrument.computeIfAbsent(instrument, this::aggregateOf);
        }
        aggregate.ifPresent(consolidated -> consolidated.update(source, event));
    }

    /**
     * Checks every instrument's active source as of the clock's now, switching where it is
     * unhealthy or the primary has recovered. The runtime calls it every {@code check-interval}.
     */
    public void evaluate()
    {
        long now = clock.nowNanos();
        for (InstrumentAggregate aggregate : aggregates.values()) {
            aggregate.evaluate(now, connections, quality).forEach(output::accept);
        }
    }

    private void evaluate(String source)
    {
        long now = clock.nowNanos();
        for (InstrumentAggregate aggregate : aggregates.values()) {
            if (aggregate.hasSource(source)) {
                aggregate.evaluate(now, connections, quality).forEach(output::accept);
            }
        }
    }

    /**
     * @return the instrument consolidated as of the clock's now, if any source has published it
     */
    @Override
    public Optional<ConsolidatedView> view(String symbol, MarketKind kind)
    {
        InstrumentAggregate aggregate = aggregates.get(new ConsolidatedView.AggregateKey(symbol, kind));
        return aggregate == null ? Optional.empty() : Optional.of(aggregate.view(clock.nowNanos(), connections, quality));
    }

    /**
     * @return every consolidated instrument, by symbol then kind
     */
    @Override
    public List<ConsolidatedView> views()
    {
        long now = clock.nowNanos();
        List<InstrumentAggregate> sorted = new ArrayList<>(aggregates.values());
        sorted.sort(Comparator.comparing((InstrumentAggregate aggregate) -> aggregate.key().symbol()).thenComparing(aggregate -> aggregate.key().kind()));
        List<ConsolidatedView> views = new ArrayList<>(sorted.size());
        for (InstrumentAggregate aggregate : sorted) {
            views.add(aggregate.view(now, connections, quality));
        }
        return views;
    }

    private Optional<InstrumentAggregate> aggregateOf(Instrument instrument)
    {
        if (!settings.includes(instrument.symbol())) {
            return Optional.empty();
        }
        ConsolidatedView.AggregateKey key = ConsolidatedView.AggregateKey.of(instrument);
        return Optional.of(aggregates.computeIfAbsent(key, created ->
                new InstrumentAggregate(created, settings.primary().get(created.symbol()), settings, clock.nowNanos(), metrics, failovers)));
    }
}
