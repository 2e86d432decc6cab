package io.marketpipe.core.internal.validation;

import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Event validation settings from {@code marketpipe.validation}.
 *
 * @param enabled whether connector events are validated at all
 * @param maxFuture how far a venue timestamp may be ahead of the local receive time
 * @param tradeIdMemory how many recent trade ids are remembered per instrument to recognise duplicates
 * @param rejectOutOfOrderTrades whether a live trade with a numeric id below the highest seen is rejected
 */
public record ValidationSettings(boolean enabled, Duration maxFuture, int tradeIdMemory, boolean rejectOutOfOrderTrades)
{
    private static final String PATH = "marketpipe.validation";

    public ValidationSettings
    {
        requireNonNull(maxFuture, "maxFuture is null");
        if (maxFuture.isNegative()) {
            throw new IllegalArgumentException("maxFuture is negative: " + maxFuture);
        }
        if (tradeIdMemory < 1) {
            throw new IllegalArgumentException("tradeIdMemory must be at least 1: " + tradeIdMemory);
        }
    }

    /**
     * @throws ConfigurationException naming the path of an out-of-range value
     */
    public static ValidationSettings from(Config root)
    {
        Config config = root.getConfig(PATH);
        Duration maxFuture = config.getDuration("max-future");
        if (maxFuture.isNegative()) {
            throw new ConfigurationException(PATH + ".max-future", "must not be negative, got " + maxFuture);
        }
        int memory = config.getInt("trade-id-memory");
        if (memory < 1) {
            throw new ConfigurationException(PATH + ".trade-id-memory", "must be at least 1, got " + memory);
        }
        return new ValidationSettings(config.getBoolean("enabled"), maxFuture, memory, config.getBoolean("reject-out-of-order-trades"));
    }
}
