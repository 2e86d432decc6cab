package io.marketpipe.core.internal.plugin;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A discovered plugin with the factories it offers, already wrapped so that every call into the
 * plugin runs with the plugin's class loader as the thread's context class loader.
 *
 * @param name the plugin's name
 * @param source where it came from: {@code classpath} or its plugin directory
 * @param classLoader the plugin's class loader
 */
public record LoadedPlugin(
        String name,
        String source,
        ClassLoader classLoader,
        List<ConnectorFactory> connectorFactories,
        List<EnricherFactory> enricherFactories,
        List<StoreFactory> storeFactories)
{
    public LoadedPlugin
    {
        requireNonNull(name, "name is null");
        requireNonNull(source, "source is null");
        requireNonNull(classLoader, "classLoader is null");
        connectorFactories = List.copyOf(connectorFactories);
        enricherFactories = List.copyOf(enricherFactories);
        storeFactories = List.copyOf(storeFactories);
    }

    static LoadedPlugin of(Plugin plugin, String source, ClassLoader loader)
    {
        return ContextClassLoader.call(loader, () -> new LoadedPlugin(
                plugin.name(),
                source,
                loader,
                plugin.connectorFactories().stream().map(f -> IsolatedFactories.connector(f, loader)).toList(),
                plugin.enricherFactories().stream().map(f -> IsolatedFactories.enricher(f, loader)).toList(),
                plugin.storeFactories().stream().map(f -> IsolatedFactories.store(f, loader)).toList()));
    }

    public List<String> connectorTypes()
    {
        return connectorFactories.stream().map(ConnectorFactory::type).toList();
    }

    public List<String> enricherTypes()
    {
        return enricherFactories.stream().map(EnricherFactory::type).toList();
    }

    public List<String> storeTypes()
    {
        return storeFactories.stream().map(StoreFactory::type).toList();
    }
}
