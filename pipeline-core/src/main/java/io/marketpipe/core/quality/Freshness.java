package io.marketpipe.core.quality;

/**
 * How recent an instrument's data is, by the {@code marketpipe.quality.freshness} thresholds.
 */
public enum Freshness
{
    /** Younger than {@code stale}. */
    FRESH,
    /** No data for {@code stale} or longer. */
    STALE,
    /** No data for {@code expired} or longer: the instrument scores 0. */
    EXPIRED
}
