package io.marketpipe.core.internal.validation;

import java.util.Locale;

/**
 * Why an event was rejected; each reason is counted as {@code validation.rejected.<metric name>}.
 */
public enum Rejection
{
    /** A price that is zero or negative (an empty quote side, price and size both zero, is allowed). */
    NON_POSITIVE_PRICE,
    /** A size or volume below zero. */
    NEGATIVE_SIZE,
    /** A candle whose high is below its open or close, or whose low is above them. */
    OHLC_INTEGRITY,
    /** A quote or ticker whose bid is above its ask. */
    CROSSED_QUOTE,
    /** A negative timestamp, or neither a venue nor a receive time. */
    BAD_TIMESTAMP,
    /** A venue time too far ahead of the receive time. */
    FUTURE_TIMESTAMP,
    /** A trade id already seen for the instrument. */
    DUPLICATE_TRADE,
    /** A live trade whose numeric id is below the highest seen for the instrument. */
    OUT_OF_ORDER_TRADE,
    /** A quote repeating the instrument's previous one: the same venue sequence number, time and prices (a frame received twice). */
    DUPLICATE_QUOTE;

    /**
     * @return the lower-case name used in metrics, e.g. {@code non-positive-price}
     */
    public String metricName()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
