package io.marketpipe.core.internal.plugin;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.store.StoreFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static java.util.Objects.requireNonNull;

/**
 * The plugins found by {@link ServiceLoader}: first on the host's class path (how an embedding
 * application adds adapters), then in every directory {@code plugins/<name>/} holding jars, each
 * directory in its own {@link PluginClassLoader}.
 *
 * <p>Discovery never fails as a whole: a jar that is not a readable archive, a provider that
 * cannot be instantiated, or a type another plugin already offers is recorded as a
 * {@link PluginError} naming the jar or directory, and every other plugin still loads.
 */
public final class PluginRegistry
{
    private static final Logger log = LoggerFactory.getLogger(PluginRegistry.class);

    private final List<LoadedPlugin> plugins;
    private final List<PluginError> errors;
    private final Map<String, ConnectorFactory> connectors = new LinkedHashMap<>();
    private final Map<String, EnricherFactory> enrichers = new LinkedHashMap<>();
    private final Map<String, StoreFactory> stores = new LinkedHashMap<>();

    private PluginRegistry(List<LoadedPlugin> plugins, List<PluginError> errors)
    {
        this.plugins = List.copyOf(plugins);
        List<PluginError> allErrors = new ArrayList<>(errors);
        for (LoadedPlugin plugin : plugins) {
            register(plugin, plugin.connectorFactories(), ConnectorFactory::type, connectors, "connector", allErrors);
            register(plugin, plugin.enricherFactories(), EnricherFactory::type, enrichers, "enricher", allErrors);
            register(plugin, plugin.storeFactories(), StoreFactory::type, stores, "store", allErrors);
        }
        this.errors = List.copyOf(allErrors);
    }

    /**
     * Discovers plugins on the class path of {@code host} and in {@code pluginsDirectory}.
     *
     * @param host the class loader of the embedding application; it also serves the shared packages to plugins
     * @param pluginsDirectory the directory of {@code <name>/*.jar} plugin directories; absent or missing means none
     */
    public static PluginRegistry discover(ClassLoader host, Optional<Path> pluginsDirectory)
    {
        requireNonNull(host, "host is null");
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<PluginError> errors = new ArrayList<>();
        load(ServiceLoader.load(Plugin.class, host), "classpath", host, plugin -> true, plugins, errors);
        if (pluginsDirectory.isPresent() && Files.isDirectory(pluginsDirectory.get())) {
            for (Path directory : list(pluginsDirectory.get(), Files::isDirectory, errors)) {
                loadDirectory(directory, host, plugins, errors);
            }
        }
        for (PluginError error : errors) {
            log.warn("Plugin not loaded from {}: {}", error.source(), error.message());
        }
        return new PluginRegistry(plugins, errors);
    }

    private static void loadDirectory(Path directory, ClassLoader host, List<LoadedPlugin> plugins, List<PluginError> errors)
    {
        List<URL> jars = new ArrayList<>();
        for (Path jar : list(directory, path -> path.getFileName().toString().endsWith(".jar"), errors)) {
            try (JarFile ignored = new JarFile(jar.toFile())) {
                jars.add(jar.toUri().toURL());
            }
            catch (IOException e) {
                errors.add(new PluginError(jar.toString(), "not a readable jar (" + e.getMessage() + "); skipped"));
            }
        }
        if (jars.isEmpty()) {
            return;
        }
        PluginClassLoader loader = new PluginClassLoader(directory, jars.toArray(URL[]::new), host);
        int before = plugins.size();
        load(ServiceLoader.load(Plugin.class, loader), directory.toString(), loader, plugin -> plugin.getClass().getClassLoader() == loader, plugins, errors);
        if (plugins.size() == before && errors.stream().noneMatch(error -> error.source().startsWith(directory.toString()))) {
            errors.add(new PluginError(directory.toString(), "no jar in this directory registers a plugin in META-INF/services/" + Plugin.class.getName()));
        }
    }

    private static void load(ServiceLoader<Plugin> loader, String source, ClassLoader classLoader, Predicate<Plugin> accept, List<LoadedPlugin> plugins, List<PluginError> errors)
    {
        Iterator<Plugin> iterator = loader.iterator();
        while (true) {
            try {
                if (!iterator.hasNext()) {
                    return;
                }
                Plugin plugin = iterator.next();
                if (accept.test(plugin)) {
                    plugins.add(LoadedPlugin.of(plugin, source, classLoader));
                }
            }
            catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                errors.add(new PluginError(source, describe(e)));
                if (e instanceof ServiceConfigurationError && e.getCause() == null) {
                    return;
                }
            }
        }
    }

    private static String describe(Throwable e)
    {
        StringBuilder message = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            message.append(": ").append(cause);
        }
        return message.toString();
    }

    private static List<Path> list(Path directory, Predicate<Path> filter, List<PluginError> errors)
    {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.filter(filter).sorted().toList();
        }
        catch (IOException e) {
            errors.add(new PluginError(directory.toString(), "cannot list directory: " + e.getMessage()));
            return List.of();
        }
    }

    private static <F> void register(LoadedPlugin plugin, List<F> factories, Function<F, String> type, Map<String, F> byType, String kind, List<PluginError> errors)
    {
        for (F factory : factories) {
            String name = type.apply(factory);
            if (byType.containsKey(name)) {
                errors.add(new PluginError(plugin.source(), kind + " type \"" + name + "\" of plugin " + plugin.name() + " is already offered by another plugin; ignored"));
                continue;
            }
            byType.put(name, factory);
        }
    }

    /**
     * @return every plugin loaded, class-path plugins first
     */
    public List<LoadedPlugin> plugins()
    {
        return plugins;
    }

    /**
     * @return what could not be loaded
     */
    public List<PluginError> errors()
    {
        return errors;
    }

    /**
     * @return the class loaders of plugin directories, whose {@code reference.conf} files join the configuration
     */
    public List<ClassLoader> pluginClassLoaders()
    {
        return plugins.stream().map(LoadedPlugin::classLoader).filter(PluginClassLoader.class::isInstance).distinct().toList();
    }

    public Optional<ConnectorFactory> connectorFactory(String type)
    {
        return Optional.ofNullable(connectors.get(type));
    }

    public Optional<EnricherFactory> enricherFactory(String type)
    {
        return Optional.ofNullable(enrichers.get(type));
    }

    public Optional<StoreFactory> storeFactory(String type)
    {
        return Optional.ofNullable(stores.get(type));
    }

    public List<String> connectorTypes()
    {
        return List.copyOf(connectors.keySet());
    }

    public List<String> enricherTypes()
    {
        return List.copyOf(enrichers.keySet());
    }

    public List<String> storeTypes()
    {
        return List.copyOf(stores.keySet());
    }
}
