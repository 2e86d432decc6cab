package io.marketpipe.core.internal.runtime;

import com.google.inject.AbstractModule;
import com.google.inject.Provider;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.core.internal.candle.CandleSettings;
import io.marketpipe.core.internal.config.ConfigLoader;
import io.marketpipe.core.internal.config.ConfigValidator;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.internal.quality.QualitySettings;
import io.marketpipe.core.internal.validation.ValidationSettings;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The plugins (their {@code reference.conf} files are part of the configuration), the validated
 * configuration, and the settings of each concern, each read from its own block.
 */
final class ConfigurationModule
        extends AbstractModule
{
    private final RuntimeOptions options;

    ConfigurationModule(RuntimeOptions options)
    {
        this.options = requireNonNull(options, "options is null");
    }

    @Override
    protected void configure()
    {
        settings(RuntimeSettings.class, RuntimeSettings::from);
        settings(CandleSettings.class, CandleSettings::from);
        settings(QualitySettings.class, QualitySettings::from);
        settings(ValidationSettings.class, ValidationSettings::from);
    }

    /**
     * Binds the settings a concern reads from its own block of the validated configuration.
     */
    private <T> void settings(Class<T> type, Function<Config, T> read)
    {
        Provider<Config> config = getProvider(Config.class);
        bind(type).toProvider(() -> read.apply(config.get())).in(Singleton.class);
    }

    @Provides
    @Singleton
    PluginRegistry plugins()
    {
        return PluginRegistry.discover(ConfigurationModule.class.getClassLoader(), Optional.of(options.pluginsDirectory()));
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
}
