package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.core.internal.config.DidYouMean;
import io.marketpipe.core.internal.config.TypesafePluginConfig;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * One element of an instance list ({@code marketpipe.connectors}, {@code .enrichers},
 * {@code .stores}): its path, type, unique name and raw block.
 */
record InstanceBlock(String path, String type, String name, Config block)
{
    private static final Set<String> COMMON_KEYS = Set.of("type", "name");

    InstanceBlock
    {
        requireNonNull(path, "path is null");
        requireNonNull(type, "type is null");
        requireNonNull(name, "name is null");
        requireNonNull(block, "block is null");
    }

    /**
     * Reads the list at {@code marketpipe.<list>} and names every element: its {@code name} key,
     * or its type (plus {@code -<market>} when it has a market, or {@code <period>} for an
     * enricher with a period), made unique with a numeric suffix.
     */
    static List<InstanceBlock> read(Config root, String list)
    {
        String listPath = "marketpipe." + list;
        if (!root.hasPath(listPath)) {
            return List.of();
        }
        List<? extends ConfigValue> values = root.getList(listPath);
        List<InstanceBlock> blocks = new ArrayList<>(values.size());
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            String path = listPath + "[" + i + "]";
            ConfigValue value = values.get(i);
            if (value.valueType() != ConfigValueType.OBJECT) {
                throw new ConfigurationException(path, "expected a block with a type, e.g. { type = binance }, got " + value.valueType().name().toLowerCase());
            }
            Config block = ((com.typesafe.config.ConfigObject) value).toConfig();
            if (!block.hasPath("type")) {
                throw new ConfigurationException(path + ".type", "missing; every block needs a type");
            }
            String type = block.getString("type");
            String name = block.hasPath("name") ? block.getString("name") : defaultName(type, block);
            int count = seen.merge(name, 1, Integer::sum);
            if (count > 1) {
                if (block.hasPath("name")) {
                    throw new ConfigurationException(path + ".name", "\"" + name + "\" is already used by another block of " + listPath);
                }
                name = name + "-" + count;
            }
            blocks.add(new InstanceBlock(path, type, name, block));
        }
        return blocks;
    }

    private static String defaultName(String type, Config block)
    {
        if (block.hasPath("market") && block.getValue("market").valueType() == ConfigValueType.STRING) {
            return type + "-" + block.getString("market");
        }
        if (block.hasPath("period") && block.getValue("period").valueType() == ConfigValueType.NUMBER) {
            return type + block.getInt("period");
        }
        return type;
    }

    /**
     * @return the factory the plugins provide for this block's type
     * @throws ConfigurationException naming the type, the closest known one and every known one
     */
    <F> F factory(String kind, Function<String, Optional<F>> lookup, Collection<String> known)
    {
        return lookup.apply(type).orElseThrow(() -> {
            String suggestion = DidYouMean.suggest(type, known).map(s -> " (did you mean " + s + "?)").orElse("");
            return new ConfigurationException(path + ".type",
                    "unknown " + kind + " type \"" + type + "\"" + suggestion + "; known types: " + (known.isEmpty() ? "none" : String.join(", ", known)));
        });
    }

    /**
     * @return the block as its plugin reads it: over the defaults the plugin declares under
     *         {@code marketpipe.defaults.<kind>.<type>}, checked against them
     */
    PluginConfig pluginConfig(Config root, String kind)
    {
        String defaultsPath = "marketpipe.defaults." + kind + "." + type;
        Config defaults = root.hasPath(defaultsPath) ? root.getConfig(defaultsPath) : ConfigFactory.empty();
        return TypesafePluginConfig.create(path, block, defaults, COMMON_KEYS);
    }
}
