package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * The venue's own best bid and offer (Binance {@code bookTicker}, OKX {@code bbo-tbt}, ...).
 *
 * @param seq the venue's update id for this quote, or -1 when it has none
 * @since 0.1
 */
public record Quote(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        long seq,
        Decimal bidPrice,
        Decimal bidSize,
        Decimal askPrice,
        Decimal askSize)
        implements MarketEvent
{
    public Quote
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(bidPrice, "bidPrice is null");
        requireNonNull(bidSize, "bidSize is null");
        requireNonNull(askPrice, "askPrice is null");
        requireNonNull(askSize, "askSize is null");
    }

    @Override
    public String type()
    {
        return "quote";
    }
}
