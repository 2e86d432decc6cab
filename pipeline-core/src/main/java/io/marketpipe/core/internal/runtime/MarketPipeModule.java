package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.internal.config.ConfigLoader;
import io.marketpipe.core.internal.config.ConfigValidator;
import io.marketpipe.core.internal.plugin.PluginRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Assembles the runtime from configuration: plugins first (their {@code reference.conf} files
 * are part of the configuration), then the validated configuration, the metric registry, the
 * transports for the chosen mode, and the {@link PipelineRuntime} itself.
 */
public final class MarketPipeModule
        extends AbstractModule
{
    private final RuntimeOptions options;

    public MarketPipeModule(RuntimeOptions options)
    {
        this.options = requireNonNull(options, "options is null");
    }

    @Provides
    @Singleton
    PluginRegistry plugins()
    {
        return PluginRegistry.discover(MarketPipeModule.class.getClassLoader(), Optional.of(options.pluginsDirectory()));
    }

    @Provides
    @Singleton
    Config config(PluginRegistry plugins)
    {
        Config loaded = ConfigLoader.load(options.configFile(), plugins.pluginClassLoaders());
        Config config = withDefaultStore(options.overrides().map(text -> ConfigFactory.parseString(text).withFallback(loaded).resolve()).orElse(loaded));
        ConfigValidator.validateRoot(config, ConfigLoader.references(plugins.pluginClassLoaders()));
        return config;
    }

    /**
     * An empty {@code marketpipe.stores} takes the default store the host chose, if any; a value
     * that is not a list is left for validation to report.
     */
    private Config withDefaultStore(Config config)
    {
        String path = "marketpipe.stores";
        if (options.defaultStore().isEmpty()
                || !config.hasPath(path)
                || config.getValue(path).valueType() != ConfigValueType.LIST
                || !config.getList(path).isEmpty()) {
            return config;
        }
        Object block = ConfigFactory.parseString(options.defaultStore().get()).root().unwrapped();
        return config.withValue(path, ConfigValueFactory.fromIterable(List.of(block)));
    }

    @Provides
    @Singleton
    RuntimeSettings settings(Config config)
    {
        return RuntimeSettings.from(config);
    }

    @Provides
    @Singleton
    MetricRegistry metricRegistry()
    {
        return new MetricRegistry();
    }

    @Provides
    @Singleton
    HealthCheckRegistry healthChecks()
    {
        return new HealthCheckRegistry();
    }

    @Provides
    @Singleton
    ScheduledExecutorService scheduler()
    {
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "marketpipe-scheduler-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    @Provides
    @Singleton
    TransportProvider transports(Config config, MetricRegistry registry, ScheduledExecutorService scheduler)
    {
        return TransportProviders.create(options.transport(), config, registry, scheduler);
    }

    @Provides
    @Singleton
    PipelineRuntime runtime(
            Config config,
            RuntimeSettings settings,
            PluginRegistry plugins,
            MetricRegistry registry,
            HealthCheckRegistry health,
            TransportProvider transports,
            ScheduledExecutorService scheduler)
    {
        List<InstanceBlock> connectors = options.transport().mode() == TransportOptions.Mode.REPLAY
                ? replayConnectors(config, options.transport().capture())
                : SubscriptionShards.apply(config, InstanceBlock.read(config, "connectors"));
        return new PipelineRuntime(config, settings, plugins, registry, health, transports, scheduler, connectors, options.listeners(), options.readOnlyStores());
    }

    /**
     * Replay runs the connector the capture's header names: the configured block of that type if
     * there is one (taking the header's symbols unless the block lists its own), else a block
     * made from the header.
     */
    static List<InstanceBlock> replayConnectors(Config config, Path capture)
    {
        CaptureHeader header;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            header = reader.header();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read the capture header of " + capture + ": " + e.getMessage(), e);
        }
        List<InstanceBlock> configured = InstanceBlock.read(config, "connectors");
        List<InstanceBlock> blocks = new ArrayList<>();
        for (InstanceBlock block : configured) {
            if (block.type().equals(header.exchange())) {
                Config merged = block.block();
                if (!merged.hasPath("symbols")) {
                    merged = merged.withValue("symbols", ConfigValueFactory.fromIterable(header.symbols()));
                }
                if (!merged.hasPath("market")) {
                    merged = merged.withValue("market", ConfigValueFactory.fromAnyRef(header.market()));
                }
                blocks.add(new InstanceBlock(block.path(), block.type(), block.name(), merged));
            }
        }
        if (blocks.isEmpty()) {
            Config block = ConfigFactory.parseMap(Map.of(
                    "type", header.exchange(),
                    "market", header.market(),
                    "symbols", header.symbols()));
            blocks.add(new InstanceBlock("replay[" + capture.getFileName() + "]", header.exchange(), header.exchange() + "-" + header.market(), block));
        }
        if (blocks.size() > 1) {
            throw new ConfigurationException("marketpipe.connectors", "replay needs one connector of type " + header.exchange() + ", but " + blocks.size() + " are configured; give one of them a name and keep only it");
        }
        return blocks;
    }
}
