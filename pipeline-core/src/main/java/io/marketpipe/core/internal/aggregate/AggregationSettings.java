package io.marketpipe.core.internal.aggregate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.aggregate.ConsensusMode;
import io.marketpipe.core.internal.config.ConfigDurations;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * Cross-venue aggregation settings from {@code marketpipe.aggregation}.
 *
 * @param enabled whether instruments are consolidated across sources at all
 * @param instruments the canonical symbols consolidated; empty for every instrument
 * @param consensus how the consensus price is chosen
 * @param primary the preferred source (connector instance name) per canonical symbol
 * @param staleAfter a source with no data for an instrument this long is stale for it
 * @param minQuality a source whose quality score for the instrument is below this is unhealthy
 * @param returnQuality the quality the primary needs, held for {@code returnAfter}, to become active again
 * @param returnAfter how long the primary must stay healthy before the consensus returns to it
 * @param depth levels per side of the merged book
 * @param pressureHalfLife how fast past trades fade from the buy pressure
 * @param checkInterval how often staleness, quality and the primary's recovery are checked
 */
public record AggregationSettings(
        boolean enabled,
        Set<String> instruments,
        ConsensusMode consensus,
        Map<String, String> primary,
        Duration staleAfter,
        int minQuality,
        int returnQuality,
        Duration returnAfter,
        int depth,
        Duration pressureHalfLife,
        Duration checkInterval)
{
    private static final String PATH = "marketpipe.aggregation";

    public AggregationSettings
    {
        instruments = Set.copyOf(instruments);
        requireNonNull(consensus, "consensus is null");
        primary = Map.copyOf(primary);
        requireNonNull(staleAfter, "staleAfter is null");
        requireNonNull(returnAfter, "returnAfter is null");
        requireNonNull(pressureHalfLife, "pressureHalfLife is null");
        requireNonNull(checkInterval, "checkInterval is null");
        if (staleAfter.compareTo(Duration.ZERO) <= 0 || pressureHalfLife.compareTo(Duration.ZERO) <= 0 || checkInterval.compareTo(Duration.ZERO) <= 0 || returnAfter.isNegative()) {
            throw new IllegalArgumentException("staleAfter, pressureHalfLife and checkInterval must be positive, returnAfter not negative");
        }
        if (minQuality < 0 || minQuality > returnQuality || returnQuality > 100) {
            throw new IllegalArgumentException("need 0 <= minQuality " + minQuality + " <= returnQuality " + returnQuality + " <= 100");
        }
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1: " + depth);
        }
    }

    /**
     * @return whether instruments with this canonical symbol are consolidated
     */
    public boolean includes(String symbol)
    {
        return instruments.isEmpty() || instruments.contains(symbol);
    }

    /**
     * @param connectors the names of the configured connector instances, which {@code primary} must name
     * @throws ConfigurationException naming the path of an invalid value
     */
    public static AggregationSettings from(Config root, Set<String> connectors)
    {
        Config config = root.getConfig(PATH);
        ConsensusMode consensus;
        try {
            consensus = ConsensusMode.fromConfigName(config.getString("consensus"));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(PATH + ".consensus", e.getMessage());
        }
        int minQuality = score(config, "min-quality");
        int returnQuality = score(config, "return-quality");
        if (returnQuality < minQuality) {
            throw new ConfigurationException(PATH + ".return-quality", "must not be below min-quality (" + minQuality + "), got " + returnQuality);
        }
        int depth = config.getInt("depth");
        if (depth < 1) {
            throw new ConfigurationException(PATH + ".depth", "must be at least 1, got " + depth);
        }
        Duration returnAfter = config.getDuration("return-after");
        if (returnAfter.isNegative()) {
            throw new ConfigurationException(PATH + ".return-after", "must not be negative, got " + returnAfter);
        }
        return new AggregationSettings(
                config.getBoolean("enabled"),
                instruments(config),
                consensus,
                primary(config, connectors),
                ConfigDurations.positive(config, PATH, "stale-after"),
                minQuality,
                returnQuality,
                returnAfter,
                depth,
                ConfigDurations.positive(config, PATH, "pressure-half-life"),
                ConfigDurations.positive(config, PATH, "check-interval"));
    }

    /**
     * {@code []} or {@code all} for every instrument, else a list of canonical symbols.
     */
    private static Set<String> instruments(Config config)
    {
        ConfigValue value = config.getValue("instruments");
        if (value.valueType() == ConfigValueType.STRING) {
            String symbol = (String) value.unwrapped();
            return symbol.equalsIgnoreCase("all") ? Set.of() : Set.of(symbol);
        }
        List<String> symbols = config.getStringList("instruments");
        if (symbols.stream().anyMatch(symbol -> symbol.equalsIgnoreCase("all"))) {
            return Set.of();
        }
        return new LinkedHashSet<>(symbols);
    }

    private static Map<String, String> primary(Config config, Set<String> connectors)
    {
        Map<String, String> primary = new LinkedHashMap<>();
        for (Map.Entry<String, ConfigValue> entry : config.getObject("primary").entrySet()) {
            String path = PATH + ".primary.\"" + entry.getKey() + "\"";
            if (entry.getValue().valueType() != ConfigValueType.STRING) {
                throw new ConfigurationException(path, "expected the name of a connector instance, got " + entry.getValue().valueType().name().toLowerCase());
            }
            String source = (String) entry.getValue().unwrapped();
            if (!connectors.contains(source)) {
                throw new ConfigurationException(path, "no connector is named \"" + source + "\"; configured: "
                        + (connectors.isEmpty() ? "none" : String.join(", ", connectors.stream().sorted().toList())));
            }
            primary.put(entry.getKey(), source);
        }
        return primary;
    }

    private static int score(Config config, String key)
    {
        int value = config.getInt(key);
        if (value < 0 || value > 100) {
            throw new ConfigurationException(PATH + "." + key, "must be 0 to 100, got " + value);
        }
        return value;
    }
}
