package io.marketpipe.api.config;

import io.marketpipe.api.model.Decimal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, read-only view of one instance block of the configuration, for example one
 * element of {@code marketpipe.connectors}.
 *
 * <p>The runtime has already merged the block with the defaults the plugin ships in its
 * {@code reference.conf} (under {@code marketpipe.defaults.<kind>.<type>}) and rejected keys
 * that neither the defaults nor the common keys know. Keys are relative to the block; error
 * messages name the full path ({@link #path()}). Every getter throws
 * {@link ConfigurationException} when the key is missing or has the wrong type.
 *
 * @since 0.1
 */
public interface PluginConfig
{
    /**
     * @return the full path of this block in the configuration tree, e.g. {@code marketpipe.connectors[0]}
     */
    String path();

    /**
     * @return the value of the block's {@code type} key
     */
    String type();

    /**
     * @param key a key relative to this block (dotted paths allowed)
     * @return true when the key is present and not null
     */
    boolean has(String key);

    /**
     * @return the keys directly present in this block (after merging defaults)
     */
    Set<String> keys();

    String getString(String key);

    int getInt(String key);

    long getLong(String key);

    double getDouble(String key);

    boolean getBoolean(String key);

    Duration getDuration(String key);

    /**
     * @param key a key holding a size such as {@code 64k} or {@code 10MiB}, or a plain number
     * @return the size in bytes
     */
    long getBytes(String key);

    /**
     * @param key a key holding a decimal number, written as a string or a number
     * @return the exact value
     */
    Decimal getDecimal(String key);

    /**
     * @param key a key holding a list of strings, or a single string (a one-element list)
     * @return the list, never null
     */
    List<String> getStringList(String key);

    /**
     * Reads an enum constant; the configured value is matched case-insensitively with
     * {@code -} and {@code _} treated alike ({@code drop-oldest} matches {@code DROP_OLDEST}).
     */
    <E extends Enum<E>> E getEnum(Class<E> type, String key);

    /**
     * @return the nested block at {@code key} as its own view
     */
    PluginConfig getConfig(String key);

    /**
     * Reads a secret (an API key, a password). The runtime masks values read this way, and every
     * key whose name looks like a secret, wherever configuration is printed or logged.
     *
     * @return the secret, if configured
     */
    Optional<String> getSecret(String key);

    /**
     * @return the string at {@code key}, or {@code fallback} when absent
     */
    default String getString(String key, String fallback)
    {
        return has(key) ? getString(key) : fallback;
    }
}
