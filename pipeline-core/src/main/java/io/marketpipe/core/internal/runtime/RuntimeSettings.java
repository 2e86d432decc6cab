package io.marketpipe.core.internal.runtime;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.OverflowPolicy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The runtime's own settings from the {@code marketpipe} block.
 *
 * @param busCapacity buffer size of each consumer stage
 * @param overflow what a full consumer stage does
 * @param idlePoll how often an idle consumer stage looks at its buffer (zero: it waits to be
 *        woken); empty for the mode's choice
 * @param dataDirectory where stores keep relative paths (relative to the working directory)
 * @param metricsLogInterval how often a progress line is logged; zero disables it
 * @param shutdownTimeout how long shutdown waits for buffers to drain
 */
public record RuntimeSettings(
        int busCapacity,
        OverflowPolicy overflow,
        Optional<Duration> idlePoll,
        Path dataDirectory,
        Duration metricsLogInterval,
        Duration shutdownTimeout)
{
    public static RuntimeSettings from(Config root)
    {
        Config config = root.getConfig("marketpipe");
        int capacity = config.getInt("bus.buffer-size");
        if (capacity < 16) {
            throw new ConfigurationException("marketpipe.bus.buffer-size", "must be at least 16, got " + capacity);
        }
        return new RuntimeSettings(
                capacity,
                overflow(config.getString("bus.overflow")),
                idleWait(config),
                Path.of(config.getString("data-directory")),
                config.getDuration("metrics.log-interval"),
                config.getDuration("shutdown.timeout"));
    }

    private static Optional<Duration> idleWait(Config config)
    {
        String path = "bus.idle-wait";
        String value = config.getString(path).trim();
        if (value.equals("auto")) {
            return Optional.empty();
        }
        if (value.equals("signal")) {
            return Optional.of(Duration.ZERO);
        }
        Duration interval;
        try {
            interval = config.getDuration(path);
        }
        catch (ConfigException.BadValue e) {
            throw new ConfigurationException("marketpipe." + path, "expected auto, signal or a poll interval such as 1ms, got \"" + value + "\"");
        }
        if (interval.isNegative() || interval.isZero() || interval.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new ConfigurationException("marketpipe." + path, "a poll interval must be more than 0 and at most 1s, got " + value);
        }
        return Optional.of(interval);
    }

    private static OverflowPolicy overflow(String value)
    {
        String normalized = value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (OverflowPolicy policy : OverflowPolicy.values()) {
            if (policy.name().equals(normalized)) {
                return policy;
            }
        }
        throw new ConfigurationException("marketpipe.bus.overflow", "unknown policy \"" + value + "\"; expected block, drop-oldest or drop-newest");
    }
}
