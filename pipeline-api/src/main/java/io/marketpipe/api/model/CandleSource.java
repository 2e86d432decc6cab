package io.marketpipe.api.model;

/**
 * Where a candle came from.
 *
 * @since 0.1
 */
public enum CandleSource
{
    /** Built by marketpipe from trades. */
    BUILT,
    /** Sent by the venue (klines over WebSocket or REST history). */
    VENUE;

    /**
     * @return {@code built} or {@code venue}, as used in JSON output
     */
    public String wireName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
