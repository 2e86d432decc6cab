package io.marketpipe.api.model;

/**
 * What kind of market an instrument trades in.
 *
 * @since 0.1
 */
public enum MarketKind
{
    SPOT,
    /** A perpetual swap (no expiry), linear or inverse. */
    PERPETUAL,
    /** A dated future. */
    FUTURE,
    OPTION,
    EQUITY,
    FX,
    INDEX
}
