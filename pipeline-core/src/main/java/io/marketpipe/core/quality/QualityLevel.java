package io.marketpipe.core.quality;

import java.util.Locale;

/**
 * How usable a source's data is, from its quality score.
 */
public enum QualityLevel
{
    HEALTHY,
    DEGRADED,
    CRITICAL;

    // a level improves only once the score clears its threshold by this much, so a score
    // hovering at a threshold does not flap
    private static final int HYSTERESIS = 5;

    /**
     * @return the level of a score given the previous level: worse at once, better only with a margin
     */
    static QualityLevel of(int score, QualityLevel previous, QualitySettings settings)
    {
        QualityLevel plain = of(score, settings);
        if (plain.ordinal() >= previous.ordinal()) {
            return plain;
        }
        QualityLevel withMargin = of(score - HYSTERESIS, settings);
        return withMargin.ordinal() < previous.ordinal() ? withMargin : previous;
    }

    private static QualityLevel of(int score, QualitySettings settings)
    {
        if (score < settings.criticalBelow()) {
            return CRITICAL;
        }
        return score < settings.degradedBelow() ? DEGRADED : HEALTHY;
    }

    QualityLevel worst(QualityLevel other)
    {
        return other.ordinal() > ordinal() ? other : this;
    }

    /**
     * @return the lower-case name used in health results and status reasons
     */
    public String wireName()
    {
        return name().toLowerCase(Locale.ROOT);
    }
}
