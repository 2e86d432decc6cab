package io.marketpipe.core.aggregate;

import java.util.Locale;

/**
 * How the consensus price of an instrument is chosen among its healthy sources. A source's price
 * is the middle of its best bid and ask, or its last trade price when it has no book or quotes.
 */
public enum ConsensusMode
{
    /** The price of the active source: the configured primary, or the source failed over to. */
    PRIMARY,
    /** The price of the source that published most recently. */
    LATEST,
    /** The mean of the sources' prices. */
    AVERAGE,
    /** The mean of the sources' prices weighted by their quality scores. */
    QUALITY_WEIGHTED;

    /**
     * @return the configuration name, e.g. {@code quality-weighted}
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * @throws IllegalArgumentException listing the valid names when {@code name} is none of them
     */
    public static ConsensusMode fromConfigName(String name)
    {
        for (ConsensusMode mode : values()) {
            if (mode.configName().equalsIgnoreCase(name.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown consensus \"" + name + "\"; expected primary, latest, average or quality-weighted");
    }
}
