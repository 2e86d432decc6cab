package io.marketpipe.binance;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One {@code depthUpdate} event of the diff depth stream, before the sequence rules decide where
 * it goes.
 *
 * @param firstUpdateId {@code U}
 * @param finalUpdateId {@code u}
 * @param previousFinalUpdateId {@code pu} (futures only), or -1
 */
record BinanceDepthUpdate(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        long firstUpdateId,
        long finalUpdateId,
        long previousFinalUpdateId,
        List<PriceLevel> bids,
        List<PriceLevel> asks)
{
    BinanceDepthUpdate
    {
        requireNonNull(instrument, "instrument is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    @Override
    public String toString()
    {
        return instrument.nativeSymbol() + " U=" + firstUpdateId + " u=" + finalUpdateId + (previousFinalUpdateId >= 0 ? " pu=" + previousFinalUpdateId : "");
    }
}
