package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.enricher.EnricherContext;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.OverflowPolicy;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.internal.aggregate.AggregationSettings;
import io.marketpipe.core.internal.aggregate.CrossVenueAggregator;
import io.marketpipe.core.internal.book.BookEngine;
import io.marketpipe.core.internal.bus.ConsumerStage;
import io.marketpipe.core.internal.bus.EventBus;
import io.marketpipe.core.internal.candle.CandleBuilder;
import io.marketpipe.core.internal.candle.CandleHistory;
import io.marketpipe.core.internal.candle.CandleSettings;
import io.marketpipe.core.internal.config.DidYouMean;
import io.marketpipe.core.internal.config.TypesafePluginConfig;
import io.marketpipe.core.internal.indicator.IndicatorWarmUp;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.internal.quality.QualityHealthCheck;
import io.marketpipe.core.internal.quality.QualityMonitor;
import io.marketpipe.core.internal.quality.QualitySettings;
import io.marketpipe.core.internal.validation.EventValidator;
import io.marketpipe.core.internal.validation.ValidatingSink;
import io.marketpipe.core.internal.validation.ValidationSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The assembled pipeline: connectors publishing through their book engines, validation, quality
 * scoring, cross-venue aggregation and candle builders onto the event bus, the enricher chain,
 * stores and listeners. Built by Guice from configuration ({@link MarketPipeModule}); embedding
 * hosts use {@link io.marketpipe.core.MarketPipe}.
 */
public final class PipelineRuntime
        implements AutoCloseable
{
    private static final Logger log = LoggerFactory.getLogger(PipelineRuntime.class);
    private static final Set<String> COMMON_KEYS = Set.of("type", "name");
    // how often the live clock looks for candle intervals to close; well below the shortest interval
    private static final long CANDLE_CLOCK_MILLIS = 200;

    private final RuntimeSettings settings;
    private final PluginRegistry plugins;
    private final MetricRegistry registry;
    private final HealthCheckRegistry health;
    private final TransportProvider transports;
    private final ScheduledExecutorService scheduler;
    private final EventBus bus;
    private final List<ConnectorInstance> connectors = new ArrayList<>();
    private final List<StoreInstance> stores = new ArrayList<>();
    private final List<CandleBuilder> candleBuilders = new ArrayList<>();
    private final CandleSettings candleSettings;
    private final CandleHistory candleHistory;
    private final ValidationSettings validationSettings;
    private final QualityMonitor quality;
    private final CrossVenueAggregator aggregation;
    private final IndicatorWarmUp warmUp;
    private final Config config;
    private boolean started;
    private boolean consumersStarted;
    private boolean closed;

    PipelineRuntime(
            Config config,
            RuntimeSettings settings,
            PluginRegistry plugins,
            MetricRegistry registry,
            HealthCheckRegistry health,
            TransportProvider transports,
            ScheduledExecutorService scheduler,
            List<InstanceBlock> connectorBlocks,
            List<NamedListener> listeners,
            boolean readOnlyStores)
    {
        this.config = requireNonNull(config, "config is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.plugins = requireNonNull(plugins, "plugins is null");
        this.registry = requireNonNull(registry, "registry is null");
        this.health = requireNonNull(health, "health is null");
        this.transports = requireNonNull(transports, "transports is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.candleSettings = CandleSettings.from(config);
        this.candleHistory = new CandleHistory(candleSettings);
        this.validationSettings = ValidationSettings.from(config);
        this.quality = new QualityMonitor(QualitySettings.from(config), transports.clock());

        DropwizardMetrics rootMetrics = new DropwizardMetrics(registry, "");
        this.warmUp = new IndicatorWarmUp(transports.clock(), rootMetrics);
        this.bus = new EventBus(createEnrichers(rootMetrics), settings.busCapacity(), settings.overflow(), rootMetrics);
        this.aggregation = new CrossVenueAggregator(AggregationSettings.from(config, connectorNames(connectorBlocks)), transports.clock(), quality::score, bus, rootMetrics);
        for (NamedListener listener : listeners) {
            bus.subscribe("listener-" + listener.name(), new ListenerHandler(listener.listener()), 512, settings.busCapacity(), listener.policy());
        }
        for (InstanceBlock block : InstanceBlock.read(config, "stores")) {
            StoreInstance store = createStore(block, rootMetrics, readOnlyStores);
            stores.add(store);
            bus.subscribe("store-" + store.name(), store, 1000);
        }
        for (InstanceBlock block : connectorBlocks) {
            connectors.add(createConnector(block, rootMetrics));
        }
        for (ConnectorInstance connector : connectors) {
            health.register("connector." + connector.name(), new SourceHealthCheck(connector, transports.clock()));
            if (quality.settings().enabled()) {
                health.register("quality." + connector.name(), new QualityHealthCheck(quality, connector.name()));
            }
        }
    }

    /**
     * @return the names of the connectors configured and run, which aggregation's primaries may name
     */
    private Set<String> connectorNames(List<InstanceBlock> connectorBlocks)
    {
        Set<String> names = new HashSet<>();
        InstanceBlock.read(config, "connectors").forEach(block -> names.add(block.name()));
        connectorBlocks.forEach(block -> names.add(block.name()));
        return names;
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

    private List<EventBus.NamedEnricher> createEnrichers(DropwizardMetrics rootMetrics)
    {
        List<EventBus.NamedEnricher> enrichers = new ArrayList<>();
        for (InstanceBlock block : InstanceBlock.read(config, "enrichers")) {
            EnricherFactory factory = factory(block, "enricher", plugins::enricherFactory, plugins.enricherTypes());
            Metrics metrics = rootMetrics.scoped("enricher." + block.name());
            EnricherContext context = warmUp.context(block.name(), metrics);
            enrichers.add(new EventBus.NamedEnricher(block.name(), factory.create(pluginConfig(block, "enricher"), context)));
        }
        return enrichers;
    }

    private StoreInstance createStore(InstanceBlock block, DropwizardMetrics rootMetrics, boolean readOnly)
    {
        StoreFactory factory = factory(block, "store", plugins::storeFactory, plugins.storeTypes());
        Metrics metrics = rootMetrics.scoped("store." + block.name());
        Path dataDirectory = settings.dataDirectory();
        StoreContext context = new StoreContext()
        {
            @Override
            public String name()
            {
                return block.name();
            }

            @Override
            public Path dataDirectory()
            {
                return dataDirectory;
            }

            @Override
            public Metrics metrics()
            {
                return metrics;
            }

            @Override
            public boolean readOnly()
            {
                return readOnly;
            }
        };
        Store store = factory.create(pluginConfig(block, "store"), context);
        return new StoreInstance(block.name(), store, metrics);
    }

    private ConnectorInstance createConnector(InstanceBlock block, DropwizardMetrics rootMetrics)
    {
        ConnectorFactory factory = factory(block, "connector", plugins::connectorFactory, plugins.connectorTypes());
        DropwizardMetrics metrics = rootMetrics.scoped("connector." + block.name());
        PluginConfig connectorConfig = pluginConfig(block, "connector");
        // counted last, so the counts are what reaches the bus: built candles included, rejected events not
        CandleBuilder candles = new CandleBuilder(block.name(), candleSettings, candleHistory, new CountingSink(bus, metrics), metrics, transports.clock());
        candleBuilders.add(candles);
        // warming indicators up from venue history only makes sense live
        EventSink warming = transports instanceof TransportProviders.Replaying
                ? candles
                : warmUp.sink(block.name(), () -> connectorNamed(block.name()), candles);
        EventSink aggregated = aggregation.sink(block.name(), warming);
        EventSink scored = quality.sink(block.name(), block.type(), connectorConfig.getString("market", ""), channels(connectorConfig),
                () -> instrumentsOf(block.name()), metrics, aggregated);
        EventSink validated = validationSettings.enabled()
                ? new ValidatingSink(block.name(), new EventValidator(validationSettings), scored, metrics)
                : scored;
        ConnectorInstance.ObservingSink sink = new ConnectorInstance.ObservingSink(block.name(), validated);
        BookEngine books = new BookEngine(block.name(), sink, metrics, transports.clock());
        ConnectorInstance instance = new ConnectorInstance(block.name(), block.type(), books, sink);
        transports.describe(block.name(), connectorConfig.getString("market", "mixed"), connectorConfig.has("symbols") ? connectorConfig.getStringList("symbols") : List.of());
        if (connectorConfig.has("rest-budget")) {
            transports.restBudget(block.type(), connectorConfig.getLong("rest-budget.weight"), connectorConfig.getDuration("rest-budget.interval"));
        }
        RuntimeConnectorContext context = new RuntimeConnectorContext(
                block.name(),
                sink,
                transports.webSockets(block.name(), block.type(), metrics.scoped("transport")),
                transports.rest(block.name(), block.type(), metrics.scoped("transport")),
                books,
                scheduler,
                metrics,
                transports.clock());
        instance.attach(factory.create(connectorConfig, context));
        return instance;
    }

    /**
     * @return the channels a connector block configures, or none when it has no such setting or
     *         names one this runtime does not know (the connector reports that itself)
     */
    private static Set<Channel> channels(PluginConfig config)
    {
        if (!config.has("channels")) {
            return Set.of();
        }
        Set<Channel> channels = EnumSet.noneOf(Channel.class);
        for (String name : config.getStringList("channels")) {
            try {
                channels.add(Channel.fromConfigName(name));
            }
            catch (IllegalArgumentException e) {
                return Set.of();
            }
        }
        return channels;
    }

    private Connector connectorNamed(String name)
    {
        for (ConnectorInstance instance : connectors) {
            if (instance.name().equals(name)) {
                return instance.connector();
            }
        }
        return null;
    }

    private List<Instrument> instrumentsOf(String name)
    {
        Connector connector = connectorNamed(name);
        return connector == null ? List.of() : connector.instruments();
    }

    private <F> F factory(InstanceBlock block, String kind, Function<String, java.util.Optional<F>> lookup, Collection<String> known)
    {
        return lookup.apply(block.type()).orElseThrow(() -> {
            String suggestion = DidYouMean.suggest(block.type(), known).map(s -> " (did you mean " + s + "?)").orElse("");
            return new ConfigurationException(block.path() + ".type",
                    "unknown " + kind + " type \"" + block.type() + "\"" + suggestion + "; known types: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        });
    }

    private PluginConfig pluginConfig(InstanceBlock block, String kind)
    {
        String defaultsPath = "marketpipe.defaults." + kind + "." + block.type();
        Config defaults = config.hasPath(defaultsPath) ? config.getConfig(defaultsPath) : ConfigFactory.empty();
        return TypesafePluginConfig.create(block.path(), block.block(), defaults, COMMON_KEYS);
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
        if (transports instanceof TransportProviders.Replaying) {
            connectors.forEach(ConnectorInstance::silenceLossReports);
        }
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
        if (!(transports instanceof TransportProviders.Replaying) && !candleSettings.intervals().isEmpty()) {
            scheduler.scheduleAtFixedRate(this::closeCandlesByClock, CANDLE_CLOCK_MILLIS, CANDLE_CLOCK_MILLIS, TimeUnit.MILLISECONDS);
        }
        // in replay, quality follows the recorded times of the events themselves
        if (!(transports instanceof TransportProviders.Replaying)) {
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

    public HealthCheckRegistry health()
    {
        return health;
    }

    public PluginRegistry plugins()
    {
        return plugins;
    }

    public TransportProvider transports()
    {
        return transports;
    }

    public EventBus bus()
    {
        return bus;
    }

    /**
     * @return the recent final candles, built and from venues, of every instrument
     */
    public CandleHistory candles()
    {
        return candleHistory;
    }

    /**
     * @return the quality scores of every source and instrument
     */
    public QualityMonitor quality()
    {
        return quality;
    }

    /**
     * @return the instruments consolidated across sources (empty unless {@code marketpipe.aggregation.enabled})
     */
    public CrossVenueAggregator aggregation()
    {
        return aggregation;
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
        transports.close();
        scheduler.shutdownNow();
    }

    /**
     * A listener behind its consumer stage.
     */
    private static final class ListenerHandler
            implements ConsumerStage.BatchHandler
    {
        private final EventListener listener;

        ListenerHandler(EventListener listener)
        {
            this.listener = listener;
        }

        @Override
        public void handle(List<MarketEvent> batch)
        {
            for (MarketEvent event : batch) {
                listener.onEvent(event);
            }
        }

        @Override
        public void finish()
        {
            listener.onClose();
        }
    }
}
