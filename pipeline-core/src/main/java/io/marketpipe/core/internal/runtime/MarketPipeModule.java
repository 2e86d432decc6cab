package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import com.typesafe.config.Config;
import io.marketpipe.core.internal.bus.EventBus;
import io.marketpipe.core.internal.quality.QualityHealthCheck;
import io.marketpipe.core.internal.quality.QualityMonitor;
import io.marketpipe.core.internal.transport.ReplayTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * Assembles the runtime: one module per concern (configuration, observability, the mode,
 * processing), then the instances the configuration lists, each subscribed to the bus and
 * registered for health as it is created.
 */
public final class MarketPipeModule
        extends AbstractModule
{
    private final RuntimeOptions options;
    // a replay's REST responses, read while plugins and configuration are loaded
    private final Optional<Future<ReplayTransport.RestIndex>> restIndex;

    public MarketPipeModule(RuntimeOptions options)
    {
        this.options = requireNonNull(options, "options is null");
        this.restIndex = options.transport().mode() == TransportOptions.Mode.REPLAY
                ? Optional.of(ReplayTransport.indexRestAhead(options.transport().capture()))
                : Optional.empty();
    }

    @Override
    protected void configure()
    {
        install(new ConfigurationModule(options));
        install(new ObservabilityModule());
        install(new ProcessingModule());
        bindConstant().annotatedWith(Names.named("read-only-stores")).to(options.readOnlyStores());
    }

    @Provides
    @Singleton
    TransportProvider mode(Config config, MetricRegistry registry, ScheduledExecutorService scheduler)
    {
        return TransportProviders.create(options.transport(), restIndex, config, registry, scheduler);
    }

    /**
     * The host's listeners, each behind its own consumer stage.
     */
    @Provides
    @Singleton
    List<ListenerHandler> listeners(EventBus bus, RuntimeSettings settings)
    {
        List<ListenerHandler> handlers = new ArrayList<>();
        for (PipelineRuntime.NamedListener listener : options.listeners()) {
            ListenerHandler handler = new ListenerHandler(listener.listener());
            bus.subscribe("listener-" + listener.name(), handler, 512, settings.busCapacity(), listener.policy());
            handlers.add(handler);
        }
        return List.copyOf(handlers);
    }

    @Provides
    @Singleton
    List<StoreInstance> stores(Config config, StoreAssembly assembly, EventBus bus)
    {
        List<StoreInstance> stores = new ArrayList<>();
        for (InstanceBlock block : InstanceBlock.read(config, "stores")) {
            StoreInstance store = assembly.create(block);
            stores.add(store);
            bus.subscribe("store-" + store.name(), store, 1000);
        }
        return List.copyOf(stores);
    }

    @Provides
    @Singleton
    List<ConnectorInstance> connectors(
            @Named("connectors") List<InstanceBlock> blocks,
            ConnectorAssembly assembly,
            HealthCheckRegistry health,
            TransportProvider mode,
            QualityMonitor quality)
    {
        List<ConnectorInstance> connectors = new ArrayList<>();
        for (InstanceBlock block : blocks) {
            ConnectorInstance connector = assembly.create(block);
            connectors.add(connector);
            health.register("connector." + connector.name(), new SourceHealthCheck(connector, mode.clock()));
            if (quality.settings().enabled()) {
                health.register("quality." + connector.name(), new QualityHealthCheck(() -> quality.source(connector.name())));
            }
        }
        return List.copyOf(connectors);
    }
}
