package io.marketpipe.core;

import io.marketpipe.core.internal.plugin.PluginRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The plugins a pipeline would load: those on the class path and those in a plugins directory
 * ({@code <name>/*.jar}), with the connector, enricher and store types each provides, and the
 * problems met while loading them.
 */
public final class PluginCatalog
{
    private final List<Plugin> plugins;
    private final List<Problem> problems;

    private PluginCatalog(List<Plugin> plugins, List<Problem> problems)
    {
        this.plugins = List.copyOf(plugins);
        this.problems = List.copyOf(problems);
    }

    /**
     * Loads the plugins as {@link MarketPipe.Builder#build()} does, without reading any configuration.
     */
    public static PluginCatalog discover(Path pluginsDirectory)
    {
        PluginRegistry registry = PluginRegistry.discover(PluginCatalog.class.getClassLoader(), Optional.of(requireNonNull(pluginsDirectory, "pluginsDirectory is null")));
        return new PluginCatalog(
                registry.plugins().stream()
                        .map(plugin -> new Plugin(plugin.name(), plugin.source(), plugin.connectorTypes(), plugin.enricherTypes(), plugin.storeTypes()))
                        .toList(),
                registry.errors().stream().map(error -> new Problem(error.source(), error.message())).toList());
    }

    /**
     * @return the plugins loaded, class path first
     */
    public List<Plugin> plugins()
    {
        return plugins;
    }

    /**
     * @return what could not be loaded, and why
     */
    public List<Problem> problems()
    {
        return problems;
    }

    /**
     * A plugin and the types it provides.
     *
     * @param source where it was loaded from: {@code classpath} or its directory
     */
    public record Plugin(String name, String source, List<String> connectorTypes, List<String> enricherTypes, List<String> storeTypes)
    {
        public Plugin
        {
            requireNonNull(name, "name is null");
            requireNonNull(source, "source is null");
            connectorTypes = List.copyOf(connectorTypes);
            enricherTypes = List.copyOf(enricherTypes);
            storeTypes = List.copyOf(storeTypes);
        }
    }

    /**
     * A plugin, or a jar meant as one, that could not be loaded.
     */
    public record Problem(String source, String message)
    {
        public Problem
        {
            requireNonNull(source, "source is null");
            requireNonNull(message, "message is null");
        }
    }
}
