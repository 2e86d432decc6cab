package io.marketpipe.core.config;

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
import java.util.Optional;

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

    private ConfigLoader() {}

    /**
     * @throws ConfigurationException when the file is missing or is not valid HOCON, or a
     *         substitution cannot be resolved
     */
    public static Config load(Optional<Path> file, Collection<ClassLoader> pluginLoaders)
    {
        return resolve(application(file).withFallback(references(pluginLoaders)));
    }

    /**
     * @return every {@code reference.conf} merged: core and class-path plugins, then plugin directories
     */
    public static Config references(Collection<ClassLoader> pluginLoaders)
    {
        Config reference = ConfigFactory.parseResources(ConfigLoader.class.getClassLoader(), "reference.conf");
        for (ClassLoader loader : pluginLoaders) {
            reference = reference.withFallback(ConfigFactory.parseResources(loader, "reference.conf"));
        }
        return reference;
    }

    private static Config application(Optional<Path> file)
    {
        try {
            Config overrides = ConfigFactory.systemProperties();
            for (String property : LOCATION_PROPERTIES) {
                overrides = overrides.withoutPath(property);
            }
            if (file.isPresent()) {
                Path path = file.get();
                if (!Files.isRegularFile(path)) {
                    throw new ConfigurationException(path.toString(), "configuration file not found");
                }
                return overrides.withFallback(ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)));
            }
            return overrides.withFallback(ConfigFactory.defaultApplication());
        }
        catch (ConfigException.Parse e) {
            throw new ConfigurationException(e.origin() == null ? "configuration" : e.origin().description(), "not valid HOCON: " + e.getMessage(), e);
        }
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
