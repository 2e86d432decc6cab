package io.marketpipe.core.internal.candle;

/**
 * What the candle builder emits for an interval in which an instrument did not trade.
 */
public enum EmptyIntervals
{
    /** Nothing: the series has a gap. */
    SKIP,
    /** A zero-volume candle whose open, high, low and close are the previous candle's close. */
    CARRY
}
