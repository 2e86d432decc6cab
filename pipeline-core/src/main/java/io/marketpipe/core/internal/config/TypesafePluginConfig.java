package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.model.Decimal;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * {@link PluginConfig} over a Typesafe {@link Config} block merged with the plugin's defaults.
 * Every error names the full path ({@code marketpipe.connectors[0].symbols}).
 */
public record TypesafePluginConfig(String path, Config config)
        implements PluginConfig
{
    public TypesafePluginConfig
    {
        requireNonNull(path, "path is null");
        requireNonNull(config, "config is null");
    }

    /**
     * Merges a block with its type's defaults and rejects keys neither the defaults nor the
     * common keys know, and values whose type differs from the default's.
     *
     * @param path the block's full path, e.g. {@code marketpipe.connectors[0]}
     * @param block the block as the user wrote it
     * @param defaults the type's defaults ({@code marketpipe.defaults.<kind>.<type>})
     * @param commonKeys keys every block may have ({@code type}, {@code name})
     */
    public static PluginConfig create(String path, Config block, Config defaults, Set<String> commonKeys)
    {
        Set<String> known = new HashSet<>(defaults.root().keySet());
        known.addAll(commonKeys);
        for (Map.Entry<String, ConfigValue> entry : block.root().entrySet()) {
            String key = entry.getKey();
            if (!known.contains(key)) {
                String hint = DidYouMean.suggest(key, known).map(s -> " (did you mean " + s + "?)")
                        .orElse("; known keys: " + String.join(", ", known.stream().sorted().toList()));
                throw new ConfigurationException(path + "." + key, "unknown key" + hint);
            }
            ConfigValue fallback = defaults.root().get(key);
            if (fallback instanceof ConfigObject nested && !nested.isEmpty() && entry.getValue() instanceof ConfigObject given) {
                create(path + "." + key, given.toConfig(), nested.toConfig(), Set.of());
            }
        }
        TypeCheck.check(path, block.root(), defaults.root(), Set.of());
        return new TypesafePluginConfig(path, block.withFallback(defaults));
    }

    /**
     * Wraps a block without defaults or key checks, e.g. for tests and nested blocks.
     */
    public static PluginConfig of(String path, Config config)
    {
        return new TypesafePluginConfig(path, config);
    }

    @Override
    public String type()
    {
        return getString("type");
    }

    @Override
    public boolean has(String key)
    {
        return config.hasPath(key);
    }

    @Override
    public Set<String> keys()
    {
        return Set.copyOf(config.root().keySet());
    }

    @Override
    public String getString(String key)
    {
        return read(key, () -> config.getString(key));
    }

    @Override
    public int getInt(String key)
    {
        return read(key, () -> config.getInt(key));
    }

    @Override
    public long getLong(String key)
    {
        return read(key, () -> config.getLong(key));
    }

    @Override
    public double getDouble(String key)
    {
        return read(key, () -> config.getDouble(key));
    }

    @Override
    public boolean getBoolean(String key)
    {
        return read(key, () -> config.getBoolean(key));
    }

    @Override
    public Duration getDuration(String key)
    {
        return read(key, () -> config.getDuration(key));
    }

    @Override
    public long getBytes(String key)
    {
        return read(key, () -> config.getBytes(key));
    }

    @Override
    public Decimal getDecimal(String key)
    {
        ConfigValue value = read(key, () -> config.getValue(key));
        if (value.valueType() != ConfigValueType.NUMBER && value.valueType() != ConfigValueType.STRING) {
            throw new ConfigurationException(fullPath(key), "expected a decimal number, got " + describe(value));
        }
        String text = value.valueType() == ConfigValueType.STRING ? (String) value.unwrapped() : value.render();
        try {
            return Decimal.parse(text.trim());
        }
        catch (RuntimeException e) {
            throw new ConfigurationException(fullPath(key), "expected a decimal number, got \"" + text + "\"", e);
        }
    }

    @Override
    public List<String> getStringList(String key)
    {
        ConfigValue value = read(key, () -> config.getValue(key));
        if (value.valueType() == ConfigValueType.STRING) {
            return List.of((String) value.unwrapped());
        }
        return read(key, () -> List.copyOf(config.getStringList(key)));
    }

    @Override
    public <E extends Enum<E>> E getEnum(Class<E> type, String key)
    {
        String value = getString(key);
        String normalized = value.trim().replace('-', '_').toUpperCase(Locale.ROOT);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().replace('-', '_').toUpperCase(Locale.ROOT).equals(normalized)) {
                return constant;
            }
        }
        List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT).replace('_', '-')).toList();
        throw new ConfigurationException(fullPath(key), "unknown value \"" + value + "\"; expected one of " + String.join(", ", names));
    }

    @Override
    public PluginConfig getConfig(String key)
    {
        return new TypesafePluginConfig(fullPath(key), read(key, () -> config.getConfig(key)));
    }

    @Override
    public Optional<String> getSecret(String key)
    {
        Secrets.markSecret(fullPath(key));
        if (!config.hasPath(key)) {
            return Optional.empty();
        }
        String value = getString(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    @Override
    public String toString()
    {
        return path + " " + ConfigRenderer.renderBlock(path, config.root());
    }

    private String fullPath(String key)
    {
        return path + "." + key;
    }

    private <T> T read(String key, Supplier<T> getter)
    {
        try {
            return getter.get();
        }
        catch (ConfigException.Missing e) {
            throw new ConfigurationException(fullPath(key), "missing value", e);
        }
        catch (ConfigException.WrongType | ConfigException.BadValue e) {
            throw new ConfigurationException(fullPath(key), e.getMessage().replaceFirst("^.*?: ", ""), e);
        }
    }

    private static String describe(ConfigValue value)
    {
        return value.valueType().name().toLowerCase(Locale.ROOT) + " " + value.render();
    }
}
