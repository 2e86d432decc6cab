package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import io.marketpipe.api.config.ConfigurationException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Loads the configuration tree. Later layers win:
 * <ol>
 *   <li>every {@code reference.conf}: the core's, those of plugin jars on the class path, and
 *       those of every plugin directory's jars;</li>
 *   <li>the user's file ({@code --config F}), or else {@code -Dconfig.file} / {@code application.conf}
 *       on the class path;</li>
 *   <li>system properties ({@code -Dmarketpipe.bus.buffer-size=...}).</li>
 * </ol>
 * Environment variables enter through HOCON substitutions such as {@code api-key = ${?BINANCE_API_KEY}},
 * which is how secrets stay out of configuration files.
 */
public final class ConfigLoader
{
    /** JVM properties that share the prefix but locate the installation and test data; not configuration. */
    private static final List<String> LOCATION_PROPERTIES = List.of("marketpipe.home", "marketpipe.shared");
    private static final String ROOT = "marketpipe";
    // weak keys: a plugin's class loader that is let go takes its parsed configuration with it
    private static final Map<ClassLoader, Config> REFERENCES = new WeakHashMap<>();

    private ConfigLoader() {}

    /**
     * @throws ConfigurationException when the file is missing, unreadable or not valid HOCON, has a
     *         top-level key no module knows, or a substitution cannot be resolved
     */
    public static Config load(Optional<Path> file, Collection<ClassLoader> pluginLoaders)
    {
        Config references = references(pluginLoaders);
        Config application = application(file);
        // an application.conf on an embedding host's class path may well configure other libraries too
        if (file.isPresent()) {
            checkRoots(file.get().toString(), application, references);
        }
        return resolve(systemProperties().withFallback(application).withFallback(references));
    }

    /**
     * A key at the top of the configuration file that no module knows would be ignored silently (a
     * misspelt {@code marketpipe}, or {@code connectors} outside it), so it is an error.
     */
    private static void checkRoots(String origin, Config application, Config references)
    {
        Set<String> known = references.root().keySet();
        for (String key : application.root().keySet()) {
            if (known.contains(key)) {
                continue;
            }
            Optional<String> suggestion = DidYouMean.suggest(key, known);
            if (suggestion.isEmpty() && references.hasPath(ROOT) && references.getConfig(ROOT).root().containsKey(key)) {
                suggestion = Optional.of(ROOT + "." + key);
            }
            throw new ConfigurationException(key, "unknown top-level key in " + origin + ", so nothing would read it"
                    + suggestion.map(s -> " (did you mean " + s + "?)").orElse("; known: " + String.join(", ", known.stream().sorted().toList())));
        }
    }

    /**
     * @return every {@code reference.conf} merged: core and class-path plugins, then plugin directories
     */
    public static Config references(Collection<ClassLoader> pluginLoaders)
    {
        Config reference = reference(ConfigLoader.class.getClassLoader());
        for (ClassLoader loader : pluginLoaders) {
            reference = reference.withFallback(reference(loader));
        }
        return reference;
    }

    /**
     * A class loader's {@code reference.conf} files, parsed once per loader: a process that builds
     * several pipelines (tests, benchmarks, an application that restarts its pipeline) parses them
     * once. A parsed configuration is immutable and holds no reference to its loader.
     */
    private static Config reference(ClassLoader loader)
    {
        synchronized (REFERENCES) {
            Config parsed = REFERENCES.get(loader);
            if (parsed == null) {
                parsed = ConfigFactory.parseResources(loader, "reference.conf");
                REFERENCES.put(loader, parsed);
            }
            return parsed;
        }
    }

    private static Config application(Optional<Path> file)
    {
        try {
            if (file.isPresent()) {
                Path path = file.get();
                if (!Files.isRegularFile(path)) {
                    throw new ConfigurationException(path.toString(), Files.exists(path) ? "not a regular file" : "configuration file not found");
                }
                if (!Files.isReadable(path)) {
                    throw new ConfigurationException(path.toString(), "configuration file not readable (permission denied)");
                }
                return ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
            }
            return ConfigFactory.defaultApplication();
        }
        catch (ConfigException.Parse e) {
            throw new ConfigurationException(e.origin() == null ? "configuration" : e.origin().description(), "not valid HOCON: " + e.getMessage(), e);
        }
        catch (ConfigException.IO e) {
            throw new ConfigurationException(file.map(Path::toString).orElse("application.conf"), "cannot be read: " + e.getMessage(), e);
        }
    }

    private static Config systemProperties()
    {
        Config properties = ConfigFactory.systemProperties();
        for (String property : LOCATION_PROPERTIES) {
            properties = properties.withoutPath(property);
        }
        return properties;
    }

    private static Config resolve(Config config)
    {
        try {
            return config.resolve(ConfigResolveOptions.defaults());
        }
        catch (ConfigException.UnresolvedSubstitution e) {
            throw new ConfigurationException("configuration", "unresolved substitution: " + e.getMessage(), e);
        }
    }
}
