package io.marketpipe.core.internal.validation;

/**
 * Why an event was rejected; each reason is counted as {@code validation.rejected.<metric name>}.
 */
public enum Rejection
{
    /** A price that is zero or negative (an empty quote side, price and size both zero, is allowed). */
    NON_POSITIVE_PRICE("non-positive-price"),
    /** A size or volume below zero. */
    NEGATIVE_SIZE("negative-size"),
    /** A candle whose high is below its open or close, or whose low is above them. */
    OHLC_INTEGRITY("ohlc-integrity"),
    /** A quote or ticker whose bid is above its ask. */
    CROSSED_QUOTE("crossed-quote"),
    /** A negative timestamp, or neither a venue nor a receive time. */
    BAD_TIMESTAMP("bad-timestamp"),
    /** A venue time too far ahead of the receive time. */
    FUTURE_TIMESTAMP("future-timestamp"),
    /** A trade id already seen for the instrument. */
    DUPLICATE_TRADE("duplicate-trade"),
    /** A live trade whose numeric id is below the highest seen for the instrument. */
    OUT_OF_ORDER_TRADE("out-of-order-trade"),
    /** A quote repeating the instrument's previous one: the same venue sequence number, time and prices (a frame received twice). */
    DUPLICATE_QUOTE("duplicate-quote");

    private final String metricName;

    Rejection(String metricName)
    {
        this.metricName = metricName;
    }

    /**
     * @return the lower-case name used in metrics, e.g. {@code non-positive-price}
     */
    public String metricName()
    {
        return metricName;
    }
}
