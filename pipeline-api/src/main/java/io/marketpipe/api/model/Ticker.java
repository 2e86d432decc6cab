package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A rolling statistics ticker (usually 24 hours). Any field the venue does not send is null.
 *
 * @since 0.1
 */
public record Ticker(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        Decimal last,
        Decimal bid,
        Decimal bidSize,
        Decimal ask,
        Decimal askSize,
        Decimal open,
        Decimal high,
        Decimal low,
        Decimal volume,
        Decimal quoteVolume)
        implements MarketEvent
{
    public Ticker
    {
        requireNonNull(instrument, "instrument is null");
    }

    @Override
    public String type()
    {
        return "ticker";
    }
}
