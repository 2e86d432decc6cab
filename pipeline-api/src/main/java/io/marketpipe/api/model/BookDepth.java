package io.marketpipe.api.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The top of a verified order book, published by the core book engine after every applied
 * snapshot or delta.
 *
 * @param seq the venue sequence of the last applied message, or -1 when the venue has none
 * @param bids the best bid levels, best first (at most the configured depth)
 * @param asks the best ask levels, best first
 * @param snapshot true when this state came from a snapshot rather than a delta
 * @since 0.1
 */
public record BookDepth(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        long seq,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        boolean snapshot)
        implements MarketEvent
{
    public BookDepth
    {
        requireNonNull(instrument, "instrument is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    /**
     * @return the best bid, or null when the bid side is empty
     */
    public PriceLevel bestBid()
    {
        return bids.isEmpty() ? null : bids.get(0);
    }

    /**
     * @return the best ask, or null when the ask side is empty
     */
    public PriceLevel bestAsk()
    {
        return asks.isEmpty() ? null : asks.get(0);
    }

    @Override
    public String type()
    {
        return "book";
    }
}
