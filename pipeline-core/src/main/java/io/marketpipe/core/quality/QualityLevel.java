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

    /**
     * @return the worse of this level and another
     */
    public QualityLevel worst(QualityLevel other)
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
