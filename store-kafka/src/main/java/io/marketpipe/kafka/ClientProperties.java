package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;

import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a free-form block of Kafka client settings ({@code producer { }}, {@code consumer { }}) into
 * the properties the client takes. HOCON reads an unquoted {@code linger.ms = 5} as a nested path,
 * so nested blocks are joined back with dots; {@code "linger.ms" = 5} reads the same. A list
 * becomes a comma-separated value, as Kafka writes lists.
 */
final class ClientProperties
{
    private ClientProperties() {}

    /**
     * @return the settings by Kafka name, every value as text
     */
    static Map<String, Object> read(PluginConfig block)
    {
        Map<String, Object> properties = new TreeMap<>();
        read(block, "", properties);
        return properties;
    }

    private static void read(PluginConfig block, String prefix, Map<String, Object> properties)
    {
        for (String key : block.keys()) {
            // a key with a dot in it was quoted in HOCON, and a path expression must quote it again
            String path = key.indexOf('.') >= 0 ? "\"" + key + "\"" : key;
            if (!block.has(path)) {
                continue;
            }
            String value = valueOrList(block, path);
            if (value != null) {
                properties.put(prefix + key, value);
            }
            else {
                read(block.getConfig(path), prefix + key + ".", properties);
            }
        }
    }

    /**
     * @return the value or the comma-separated list at {@code path}, or null for a nested block
     */
    private static String valueOrList(PluginConfig block, String path)
    {
        // the config view does not say what a value is; each reading refuses the others
        try {
            return block.getString(path);
        }
        catch (ConfigurationException notAValue) {
            try {
                return String.join(",", block.getStringList(path));
            }
            catch (ConfigurationException notAList) {
                return null;
            }
        }
    }

    /**
     * @return the message of the innermost cause: Kafka wraps what went wrong in "Failed to construct ..."
     */
    static String rootMessage(Throwable failure)
    {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
