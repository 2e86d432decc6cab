package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import org.apache.kafka.common.KafkaException;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Reads a free-form block of Kafka client settings ({@code producer { }}, {@code consumer { }}) into
 * the properties the client takes. HOCON reads an unquoted {@code linger.ms = 5} as a nested path,
 * so nested blocks are joined back with dots; {@code "linger.ms" = 5} reads the same. A list
 * becomes a comma-separated value, as Kafka writes lists. Settings Kafka rejects when the client
 * is built are a configuration error naming the block.
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
     * Builds a Kafka client from a block's settings.
     *
     * @param client e.g. {@code consumer}, as the error names it
     * @throws ConfigurationException naming the block when Kafka rejects the settings, with the
     *         message of the innermost cause (Kafka wraps what went wrong in "Failed to construct ...")
     */
    static <T> T construct(PluginConfig block, String client, Supplier<T> constructor)
    {
        try {
            return constructor.get();
        }
        catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            throw new ConfigurationException(block.path(), "the Kafka " + client + " rejects its settings: " + root.getMessage(), e);
        }
    }
}
