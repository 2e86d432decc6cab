package io.marketpipe.core.internal.runtime;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.core.internal.aggregate.CrossVenueAggregator;
import io.marketpipe.core.internal.book.BookEngine;
import io.marketpipe.core.internal.bus.EventBus;
import io.marketpipe.core.internal.candle.CandleBuilder;
import io.marketpipe.core.internal.candle.CandleHistory;
import io.marketpipe.core.internal.candle.CandleSettings;
import io.marketpipe.core.internal.indicator.IndicatorWarmUp;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.internal.quality.QualityMonitor;
import io.marketpipe.core.internal.validation.EventValidator;
import io.marketpipe.core.internal.validation.ValidatingSink;
import io.marketpipe.core.internal.validation.ValidationSettings;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Builds each connector instance with the chain its events pass through before they reach the
 * bus: its book engine, validation, quality scoring, cross-venue aggregation, the indicator
 * warm-up (when timers follow the wall clock), candle building and counting.
 */
@Singleton
final class ConnectorAssembly
{
    private final Config config;
    private final PluginRegistry plugins;
    private final TransportProvider mode;
    private final EventBus bus;
    private final CandleSettings candleSettings;
    private final CandleHistory candleHistory;
    private final ValidationSettings validationSettings;
    private final QualityMonitor quality;
    private final CrossVenueAggregator aggregation;
    private final IndicatorWarmUp warmUp;
    private final ScheduledExecutorService scheduler;
    private final DropwizardMetrics rootMetrics;
    private final List<CandleBuilder> candleBuilders = new CopyOnWriteArrayList<>();
    private final Map<String, ConnectorInstance> built = new ConcurrentHashMap<>();

    @Inject
    ConnectorAssembly(
            Config config,
            PluginRegistry plugins,
            TransportProvider mode,
            EventBus bus,
            CandleSettings candleSettings,
            CandleHistory candleHistory,
            ValidationSettings validationSettings,
            QualityMonitor quality,
            CrossVenueAggregator aggregation,
            IndicatorWarmUp warmUp,
            ScheduledExecutorService scheduler,
            DropwizardMetrics rootMetrics)
    {
        this.config = config;
        this.plugins = plugins;
        this.mode = mode;
        this.bus = bus;
        this.candleSettings = candleSettings;
        this.candleHistory = candleHistory;
        this.validationSettings = validationSettings;
        this.quality = quality;
        this.aggregation = aggregation;
        this.warmUp = warmUp;
        this.scheduler = scheduler;
        this.rootMetrics = rootMetrics;
    }

    ConnectorInstance create(InstanceBlock block)
    {
        ConnectorFactory factory = block.factory("connector", plugins::connectorFactory, plugins.connectorTypes());
        DropwizardMetrics metrics = rootMetrics.scoped("connector." + block.name());
        PluginConfig connectorConfig = block.pluginConfig(config, "connector");
        // counted last, so the counts are what reaches the bus: built candles included, rejected events not
        CandleBuilder candles = new CandleBuilder(block.name(), candleSettings, candleHistory, new CountingSink(bus, metrics), metrics, mode.clock());
        candleBuilders.add(candles);
        // warming indicators up from venue history only makes sense when time is the wall clock's
        EventSink warming = mode.followsWallClock()
                ? warmUp.sink(block.name(), () -> connectorNamed(block.name()), candles)
                : candles;
        EventSink aggregated = aggregation.sink(block.name(), warming);
        EventSink scored = quality.sink(block.name(), block.type(), connectorConfig.getString("market", ""), channels(connectorConfig),
                () -> instrumentsOf(block.name()), metrics, aggregated);
        EventSink validated = validationSettings.enabled()
                ? new ValidatingSink(block.name(), new EventValidator(validationSettings), scored, metrics)
                : scored;
        ConnectorInstance.ObservingSink sink = new ConnectorInstance.ObservingSink(block.name(), validated);
        BookEngine books = new BookEngine(block.name(), sink, metrics, mode.clock());
        ConnectorInstance instance = new ConnectorInstance(block, books, sink);
        mode.describe(block.name(), connectorConfig.getString("market", "mixed"), connectorConfig.has("symbols") ? connectorConfig.getStringList("symbols") : List.of());
        if (connectorConfig.has("rest-budget")) {
            mode.restBudget(block.type(), connectorConfig.getLong("rest-budget.weight"), connectorConfig.getDuration("rest-budget.interval"));
        }
        RuntimeConnectorContext context = new RuntimeConnectorContext(
                block.name(),
                sink,
                mode.webSockets(block.name(), block.type(), metrics.scoped("transport")),
                mode.rest(block.name(), block.type(), metrics.scoped("transport")),
                books,
                scheduler,
                metrics,
                mode.clock());
        built.put(block.name(), instance);
        instance.attach(factory.create(connectorConfig, context));
        return instance;
    }

    /**
     * @return the candle builder of every connector built, which the live clock closes intervals on
     */
    List<CandleBuilder> candleBuilders()
    {
        return candleBuilders;
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
        ConnectorInstance instance = built.get(name);
        return instance == null ? null : instance.connector();
    }

    private List<Instrument> instrumentsOf(String name)
    {
        Connector connector = connectorNamed(name);
        return connector == null ? List.of() : connector.instruments();
    }
}
