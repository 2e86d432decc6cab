package io.marketpipe.core.internal.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.typesafe.config.Config;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.core.internal.aggregate.AggregationSettings;
import io.marketpipe.core.internal.aggregate.QualityScores;
import io.marketpipe.core.internal.bus.EventBus;
import io.marketpipe.core.internal.indicator.IndicatorWarmUp;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.internal.quality.QualityMonitor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What every event passes through once it left its connector: the event bus with the enricher
 * chain, quality scoring and cross-venue aggregation; and the mode's clock and connectors.
 */
final class ProcessingModule
        extends AbstractModule
{
    private static final Duration REPLAY_IDLE_POLL = Duration.ofMillis(1);

    @Override
    protected void configure()
    {
        bind(EventSink.class).to(EventBus.class);
        bind(QualityScores.class).to(QualityMonitor.class);
    }

    @Provides
    @Singleton
    MarketClock clock(TransportProvider mode)
    {
        return mode.clock();
    }

    @Provides
    @Singleton
    @Named("connectors")
    List<InstanceBlock> connectorBlocks(TransportProvider mode, Config config)
    {
        return mode.connectors(config);
    }

    /**
     * Aggregation's primaries may name any configured connector and any connector run.
     */
    @Provides
    @Singleton
    AggregationSettings aggregationSettings(Config config, @Named("connectors") List<InstanceBlock> connectors)
    {
        Set<String> names = new HashSet<>();
        InstanceBlock.read(config, "connectors").forEach(block -> names.add(block.name()));
        connectors.forEach(block -> names.add(block.name()));
        return AggregationSettings.from(config, names);
    }

    @Provides
    @Singleton
    EventBus bus(Config config, RuntimeSettings settings, TransportProvider mode, PluginRegistry plugins, IndicatorWarmUp warmUp, DropwizardMetrics metrics)
    {
        List<EventBus.NamedEnricher> enrichers = new ArrayList<>();
        for (InstanceBlock block : InstanceBlock.read(config, "enrichers")) {
            EnricherFactory factory = block.factory("enricher", plugins::enricherFactory, plugins.enricherTypes());
            Metrics scoped = metrics.scoped("enricher." + block.name());
            enrichers.add(new EventBus.NamedEnricher(block.name(), factory.create(block.pluginConfig(config, "enricher"), warmUp.context(block.name(), scoped))));
        }
        // a replay outpaces one wake-up per event; live, an event must not wait for the next poll
        Duration idlePoll = settings.idlePoll().orElse(mode.followsWallClock() ? Duration.ZERO : REPLAY_IDLE_POLL);
        return new EventBus(enrichers, settings.busCapacity(), settings.overflow(), idlePoll, metrics);
    }
}
