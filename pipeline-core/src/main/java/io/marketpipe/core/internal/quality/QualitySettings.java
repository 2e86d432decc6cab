package io.marketpipe.core.internal.quality;

import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.core.internal.config.ConfigDurations;
import io.marketpipe.core.quality.QualityComponents;
import io.marketpipe.core.quality.QualityLevel;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Quality scoring settings from {@code marketpipe.quality}.
 *
 * @param enabled whether sources are scored at all
 * @param checkInterval how often scores are recomputed and threshold crossings reported
 * @param fresh data younger than this scores full freshness
 * @param stale no data for this long makes an instrument stale (freshness 50)
 * @param expired no data for this long makes an instrument expired (score 0)
 * @param halfLife how fast past gaps, resyncs and errors fade: they count half after this long
 * @param maxErrorRate the error rate that scores 0 errors
 * @param latencyGood median latency up to this scores full latency
 * @param latencyBad median latency from this scores 0 latency
 * @param degradedBelow a score below this is degraded
 * @param criticalBelow a score below this is critical
 * @param weights how much each component counts in the score
 */
public record QualitySettings(
        boolean enabled,
        Duration checkInterval,
        Duration fresh,
        Duration stale,
        Duration expired,
        Duration halfLife,
        double maxErrorRate,
        Duration latencyGood,
        Duration latencyBad,
        int degradedBelow,
        int criticalBelow,
        Weights weights)
{
    private static final String PATH = "marketpipe.quality";

    public QualitySettings
    {
        requireNonNull(checkInterval, "checkInterval is null");
        requireNonNull(fresh, "fresh is null");
        requireNonNull(stale, "stale is null");
        requireNonNull(expired, "expired is null");
        requireNonNull(halfLife, "halfLife is null");
        requireNonNull(latencyGood, "latencyGood is null");
        requireNonNull(latencyBad, "latencyBad is null");
        requireNonNull(weights, "weights is null");
        if (checkInterval.compareTo(Duration.ZERO) <= 0 || halfLife.compareTo(Duration.ZERO) <= 0) {
            throw new IllegalArgumentException("checkInterval and halfLife must be positive");
        }
        if (fresh.isNegative() || fresh.compareTo(stale) >= 0 || stale.compareTo(expired) >= 0) {
            throw new IllegalArgumentException("freshness thresholds must grow: fresh " + fresh + " < stale " + stale + " < expired " + expired);
        }
        if (latencyGood.isNegative() || latencyGood.compareTo(latencyBad) >= 0) {
            throw new IllegalArgumentException("latency good " + latencyGood + " must be below bad " + latencyBad);
        }
        if (!(maxErrorRate > 0 && maxErrorRate <= 1)) {
            throw new IllegalArgumentException("maxErrorRate must be above 0 and at most 1: " + maxErrorRate);
        }
        if (criticalBelow < 0 || criticalBelow > degradedBelow || degradedBelow > 100) {
            throw new IllegalArgumentException("need 0 <= criticalBelow " + criticalBelow + " <= degradedBelow " + degradedBelow + " <= 100");
        }
    }

    /**
     * How much each component counts; only the ratios matter.
     */
    public record Weights(int freshness, int gaps, int errors, int latency, int completeness)
    {
        public Weights
        {
            if (freshness < 0 || gaps < 0 || errors < 0 || latency < 0 || completeness < 0) {
                throw new IllegalArgumentException("weights must not be negative");
            }
            if (freshness + gaps + errors + latency + completeness == 0) {
                throw new IllegalArgumentException("at least one weight must be positive");
            }
        }

        /**
         * @return the weighted mean of the components, rounded
         */
        int weighted(QualityComponents components)
        {
            double sum = (double) components.freshness() * freshness()
                    + (double) components.gaps() * gaps()
                    + (double) components.errors() * errors()
                    + (double) components.latency() * latency()
                    + (double) components.completeness() * completeness();
            return (int) Math.round(sum / total());
        }

        int total()
        {
            return freshness + gaps + errors + latency + completeness;
        }
    }

    /**
     * @throws ConfigurationException naming the path of an out-of-range value
     */
    public static QualitySettings from(Config root)
    {
        Config config = root.getConfig(PATH);
        Duration fresh = ConfigDurations.nonNegative(config, PATH, "freshness.fresh");
        Duration stale = after(config, "freshness.stale", fresh, "freshness.fresh");
        Duration expired = after(config, "freshness.expired", stale, "freshness.stale");
        Duration good = ConfigDurations.nonNegative(config, PATH, "latency.good");
        Duration bad = after(config, "latency.bad", good, "latency.good");
        double maxErrorRate = config.getDouble("max-error-rate");
        if (!(maxErrorRate > 0 && maxErrorRate <= 1)) {
            throw new ConfigurationException(PATH + ".max-error-rate", "must be above 0 and at most 1, got " + maxErrorRate);
        }
        int degraded = score(config, "degraded-below");
        int critical = score(config, "critical-below");
        if (critical > degraded) {
            throw new ConfigurationException(PATH + ".critical-below", "must not be above degraded-below (" + degraded + "), got " + critical);
        }
        Config weights = config.getConfig("weights");
        Weights parsed;
        try {
            parsed = new Weights(weights.getInt("freshness"), weights.getInt("gaps"), weights.getInt("errors"), weights.getInt("latency"), weights.getInt("completeness"));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(PATH + ".weights", e.getMessage());
        }
        return new QualitySettings(
                config.getBoolean("enabled"),
                ConfigDurations.positive(config, PATH, "check-interval"),
                fresh,
                stale,
                expired,
                ConfigDurations.positive(config, PATH, "half-life"),
                maxErrorRate,
                good,
                bad,
                degraded,
                critical,
                parsed);
    }

    private static Duration after(Config config, String key, Duration lower, String lowerKey)
    {
        Duration value = config.getDuration(key);
        if (value.compareTo(lower) <= 0) {
            throw new ConfigurationException(PATH + "." + key, "must be longer than " + lowerKey + " (" + lower + "), got " + value);
        }
        return value;
    }

    private static int score(Config config, String key)
    {
        int value = config.getInt(key);
        if (value < 0 || value > 100) {
            throw new ConfigurationException(PATH + "." + key, "must be 0 to 100, got " + value);
        }
        return value;
    }

    // a level improves only once the score clears its threshold by this much, so a score
    // hovering at a threshold does not flap
    private static final int HYSTERESIS = 5;

    /**
     * @return the level of a score given the previous level: worse at once, better only with a margin
     */
    QualityLevel level(int score, QualityLevel previous)
    {
        QualityLevel plain = level(score);
        if (plain.ordinal() >= previous.ordinal()) {
            return plain;
        }
        QualityLevel withMargin = level(score - HYSTERESIS);
        return withMargin.ordinal() < previous.ordinal() ? withMargin : previous;
    }

    private QualityLevel level(int score)
    {
        if (score < criticalBelow) {
            return QualityLevel.CRITICAL;
        }
        return score < degradedBelow ? QualityLevel.DEGRADED : QualityLevel.HEALTHY;
    }
}
