package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.OverflowPolicy;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.internal.aggregate.CrossVenueAggregator;
import io.marketpipe.core.internal.bus.EventBus;
import io.marketpipe.core.internal.candle.CandleBuilder;
import io.marketpipe.core.internal.candle.CandleSettings;
import io.marketpipe.core.internal.quality.QualityMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The pipeline's lifecycle: starts the bus's consumers, then the connectors and the timers the
 * mode asks for; closes everything in the order that loses nothing. Guice assembles it and its
 * collaborators ({@link MarketPipeModule}); embedding hosts use {@link io.marketpipe.core.MarketPipe}.
 */
@Singleton
public final class PipelineRuntime
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(PipelineRuntime.class);
    // how often the live clock looks for candle intervals to close; well below the shortest interval
    private static final long CANDLE_CLOCK_MILLIS = 200;

    private final RuntimeSettings settings;
    private final MetricRegistry registry;
    private final TransportProvider mode;
    private final ScheduledExecutorService scheduler;
    private final EventBus bus;
    private final List<ConnectorInstance> connectors;
    private final List<StoreInstance> stores;
    private final List<CandleBuilder> candleBuilders;
    // whether intervals close by the wall clock, and not only when a later event arrives
    private final boolean candlesCloseByClock;
    private final QualityMonitor quality;
    private final CrossVenueAggregator aggregation;
    private boolean started;
    private boolean consumersStarted;
    private boolean closed;

    /**
     * @param listeners the host's listeners, asked for here so that they are subscribed to the bus
     *         before the stores and connectors are created
     */
    @Inject
    PipelineRuntime(
            RuntimeSettings settings,
            MetricRegistry registry,
            TransportProvider mode,
            ScheduledExecutorService scheduler,
            EventBus bus,
            List<ListenerHandler> listeners,
            List<StoreInstance> stores,
            List<ConnectorInstance> connectors,
            ConnectorAssembly assembly,
            CandleSettings candleSettings,
            QualityMonitor quality,
            CrossVenueAggregator aggregation)
    {
        this.settings = settings;
        this.registry = registry;
        this.mode = mode;
        this.scheduler = scheduler;
        this.candleBuilders = assembly.candleBuilders();
        this.candlesCloseByClock = mode.followsWallClock() && !candleSettings.intervals().isEmpty();
        this.bus = bus;
        this.stores = stores;
        this.connectors = connectors;
        this.quality = quality;
        this.aggregation = aggregation;
    }

    /**
     * A listener with its name and overflow policy.
     */
    public record NamedListener(String name, EventListener listener, OverflowPolicy policy)
    {
        public NamedListener
        {
            requireNonNull(name, "name is null");
            requireNonNull(listener, "listener is null");
            requireNonNull(policy, "policy is null");
        }
    }

    /**
     * Starts delivery to enrichers, stores and listeners without starting any connector, for
     * tools that publish events themselves through a connector's {@link ConnectorInstance#sink()}
     * (history backfill). {@link #start()} includes it.
     */
    public synchronized void startConsumers()
    {
        if (!consumersStarted) {
            consumersStarted = true;
            bus.start();
        }
    }

    /**
     * Starts the consumers, then every connector. A connector that fails to start is logged and
     * counted; the others keep running.
     */
    public synchronized void start()
    {
        if (started) {
            return;
        }
        started = true;
        startConsumers();
        quality.start();
        mode.beforeStart(connectors);
        for (ConnectorInstance instance : connectors) {
            try {
                instance.connector().start();
            }
            catch (RuntimeException e) {
                registry.counter("connector." + instance.name() + ".start-failures").inc();
                log.error("Connector {} failed to start: {}", instance.name(), e.toString(), e);
            }
        }
        long interval = settings.metricsLogInterval().toMillis();
        if (interval > 0) {
            scheduler.scheduleAtFixedRate(new ProgressLog(this), interval, interval, TimeUnit.MILLISECONDS);
        }
        if (candlesCloseByClock) {
            scheduler.scheduleAtFixedRate(this::closeCandlesByClock, CANDLE_CLOCK_MILLIS, CANDLE_CLOCK_MILLIS, TimeUnit.MILLISECONDS);
        }
        if (mode.followsWallClock()) {
            if (quality.settings().enabled()) {
                repeat("Scoring quality", quality::evaluate, quality.settings().checkInterval());
            }
            if (aggregation.settings().enabled()) {
                repeat("Checking the aggregation's active sources", aggregation::evaluate, aggregation.settings().checkInterval());
            }
        }
    }

    private void repeat(String what, Runnable task, Duration interval)
    {
        long millis = Math.max(1, interval.toMillis());
        scheduler.scheduleAtFixedRate(() -> {
            try {
                task.run();
            }
            catch (RuntimeException e) {
                // an exception would cancel the schedule; the next tick tries again
                log.warn("{} failed: {}", what, e.toString(), e);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void closeCandlesByClock()
    {
        for (CandleBuilder builder : candleBuilders) {
            try {
                builder.closeByClock();
            }
            catch (RuntimeException e) {
                // an exception would cancel the schedule; the next tick tries again
                log.warn("Closing candles by the clock failed: {}", e.toString(), e);
            }
        }
    }

    public List<ConnectorInstance> connectors()
    {
        return List.copyOf(connectors);
    }

    public MetricRegistry metrics()
    {
        return registry;
    }

    public TransportProvider mode()
    {
        return mode;
    }

    public EventBus bus()
    {
        return bus;
    }

    /**
     * @return book statistics summed over every connector
     */
    public BookStats bookStats()
    {
        BookStats total = BookStats.EMPTY;
        for (ConnectorInstance instance : connectors) {
            total = total.plus(instance.books().stats());
        }
        return total;
    }

    /**
     * @return events published by connectors and enrichers, by type
     */
    public Map<String, Long> eventCounts()
    {
        return CountingSink.countsByType(registry);
    }

    /**
     * @return the types of the configured stores, in order
     */
    public List<String> storeTypes()
    {
        return stores.stream().map(StoreInstance::type).toList();
    }

    /**
     * @return the query capability of the first configured store that offers one
     */
    public Optional<StoreQueries> queries()
    {
        for (StoreInstance store : stores) {
            Optional<StoreQueries> queries = store.store().queries();
            if (queries.isPresent()) {
                return queries;
            }
        }
        return Optional.empty();
    }

    /**
     * Closes connectors, emits the candles still in progress (not final), drains the bus into
     * stores and listeners, flushes and closes stores, then the transports and the scheduler.
     */
    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        for (ConnectorInstance instance : connectors) {
            try {
                instance.silenceLossReports();
                instance.connector().close();
            }
            catch (RuntimeException e) {
                log.warn("Connector {} failed to close cleanly: {}", instance.name(), e.toString());
            }
        }
        if (started) {
            candleBuilders.forEach(CandleBuilder::flush);
        }
        if (consumersStarted && !bus.close(settings.shutdownTimeout().toMillis())) {
            log.warn("Shutdown timed out before every buffered event was delivered");
        }
        else if (!consumersStarted) {
            bus.close(0);
        }
        for (StoreInstance store : stores) {
            store.closeQuietly();
        }
        mode.close();
        scheduler.shutdownNow();
    }
}
