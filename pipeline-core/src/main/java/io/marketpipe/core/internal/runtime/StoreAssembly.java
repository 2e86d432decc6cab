package io.marketpipe.core.internal.runtime;

import com.google.inject.Inject;
import com.google.inject.name.Named;
import com.typesafe.config.Config;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.plugin.PluginRegistry;

import java.nio.file.Path;

/**
 * Creates each configured store through its plugin's factory, with its own metrics scope.
 */
final class StoreAssembly
{
    private final Config config;
    private final PluginRegistry plugins;
    private final Path dataDirectory;
    private final DropwizardMetrics rootMetrics;
    private final boolean readOnly;

    @Inject
    StoreAssembly(Config config, PluginRegistry plugins, RuntimeSettings settings, DropwizardMetrics rootMetrics, @Named("read-only-stores") boolean readOnly)
    {
        this.config = config;
        this.plugins = plugins;
        this.dataDirectory = settings.dataDirectory();
        this.rootMetrics = rootMetrics;
        this.readOnly = readOnly;
    }

    StoreInstance create(InstanceBlock block)
    {
        StoreFactory factory = block.factory("store", plugins::storeFactory, plugins.storeTypes());
        Metrics metrics = rootMetrics.scoped("store." + block.name());
        Store store = factory.create(block.pluginConfig(config, "store"), new Context(block.name(), dataDirectory, metrics, readOnly));
        return new StoreInstance(block.name(), block.type(), store, metrics);
    }

    private record Context(String name, Path dataDirectory, Metrics metrics, boolean readOnly)
            implements StoreContext {}
}
