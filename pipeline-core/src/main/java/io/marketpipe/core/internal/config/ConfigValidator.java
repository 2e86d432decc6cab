package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;

import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code marketpipe} block against the merged {@code reference.conf} files: every key
 * must be known (or a "did you mean" names the closest one) and have the reference's type.
 *
 * <p>The instance lists ({@code connectors}, {@code enrichers}, {@code stores}) are checked block by
 * block when their plugins are created, against the defaults each plugin ships
 * ({@link TypesafePluginConfig}). An empty object in the reference ({@code {}}) is free-form: its
 * keys are passed through, as for client settings handed to a library.
 */
public final class ConfigValidator
{
    private static final String ROOT = "marketpipe";
    private static final Set<String> INSTANCE_LISTS = Set.of("connectors", "enrichers", "stores");

    private ConfigValidator() {}

    /**
     * @throws ConfigurationException naming the path of the first unknown key or wrong type
     */
    public static void validateRoot(Config config, Config reference)
    {
        if (!config.hasPath(ROOT)) {
            return;
        }
        // venue defaults extend ${marketpipe.venue-connector}
        reference = reference.resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
        Config referenceRoot = reference.hasPath(ROOT) ? reference.getConfig(ROOT) : ConfigFactory.empty();
        checkKnown(ROOT, config.getConfig(ROOT).root(), referenceRoot.root());
        TypeCheck.check(ROOT, config.getConfig(ROOT).root(), referenceRoot.root(), Set.of("defaults"));
        for (String list : INSTANCE_LISTS) {
            String path = ROOT + "." + list;
            if (config.hasPath(path) && config.getValue(path).valueType() != ConfigValueType.LIST) {
                throw new ConfigurationException(path, "expected a list of blocks, e.g. [ { type = ... } ], got " + config.getValue(path).valueType().name().toLowerCase());
            }
        }
    }

    private static void checkKnown(String path, ConfigObject actual, ConfigObject reference)
    {
        if (reference.isEmpty()) {
            return;
        }
        for (Map.Entry<String, ConfigValue> entry : actual.entrySet()) {
            String key = entry.getKey();
            String childPath = path + "." + key;
            ConfigValue known = reference.get(key);
            if (known == null) {
                String suggestion = DidYouMean.suggest(key, reference.keySet())
                        .map(s -> " (did you mean " + path + "." + s + "?)")
                        .orElse("; known keys here: " + String.join(", ", reference.keySet().stream().sorted().toList()));
                throw new ConfigurationException(childPath, "unknown key" + suggestion);
            }
            boolean instanceList = path.equals(ROOT) && (INSTANCE_LISTS.contains(key) || key.equals("defaults"));
            if (!instanceList && entry.getValue() instanceof ConfigObject object && known instanceof ConfigObject knownObject) {
                checkKnown(childPath, object, knownObject);
            }
        }
    }
}
