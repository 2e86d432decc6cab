package io.marketpipe.api.model;

/**
 * The aggressor (taker) side of a trade.
 *
 * @since 0.1
 */
public enum Side
{
    BUY,
    SELL,
    /** The venue does not say which side was the aggressor. */
    UNKNOWN;

    /**
     * @return the canonical lower-case name used in JSON output ({@code buy}, {@code sell}, {@code unknown})
     */
    public String wireName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
