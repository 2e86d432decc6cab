package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A perpetual swap's funding rate, with mark and index price where the venue sends them.
 *
 * @param rate the current (or predicted) funding rate for the period
 * @param nextFundingMillis the next funding time, epoch ms, or 0 when unknown
 * @param markPrice the mark price, or null
 * @param indexPrice the index price, or null
 * @since 0.1
 */
public record FundingRate(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        Decimal rate,
        long nextFundingMillis,
        Decimal markPrice,
        Decimal indexPrice)
        implements MarketEvent
{
    public FundingRate
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(rate, "rate is null");
    }

    @Override
    public String type()
    {
        return "funding";
    }
}
