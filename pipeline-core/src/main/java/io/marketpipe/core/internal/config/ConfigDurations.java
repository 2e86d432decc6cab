package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;

import java.time.Duration;

/**
 * Reads a duration from a settings block and checks its sign, naming the full path when it is
 * out of range.
 */
public final class ConfigDurations
{
    private ConfigDurations() {}

    /**
     * @param block the settings block, at {@code path} in the configuration
     * @throws ConfigurationException when the value is zero or negative
     */
    public static Duration positive(Config block, String path, String key)
    {
        Duration value = block.getDuration(key);
        if (value.compareTo(Duration.ZERO) <= 0) {
            throw new ConfigurationException(path + "." + key, "must be positive, got " + value);
        }
        return value;
    }

    /**
     * @param block the settings block, at {@code path} in the configuration
     * @throws ConfigurationException when the value is negative
     */
    public static Duration nonNegative(Config block, String path, String key)
    {
        Duration value = block.getDuration(key);
        if (value.isNegative()) {
            throw new ConfigurationException(path + "." + key, "must not be negative, got " + value);
        }
        return value;
    }
}
