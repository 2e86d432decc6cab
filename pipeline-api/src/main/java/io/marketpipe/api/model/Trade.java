package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * One trade (or one aggregated trade, where the venue aggregates).
 *
 * @param instrument the instrument traded
 * @param venueNanos the venue's trade time, epoch ns
 * @param receivedNanos local receive time, epoch ns
 * @param tradeId the venue's trade id, as text
 * @param price the trade price
 * @param size the traded size, in base units (contracts for inverse derivatives)
 * @param side the aggressor side
 * @param backfilled true when the trade was fetched over REST to fill a gap rather than received live
 * @since 0.1
 */
public record Trade(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        String tradeId,
        Decimal price,
        Decimal size,
        Side side,
        boolean backfilled)
        implements MarketEvent
{
    public Trade
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(tradeId, "tradeId is null");
        requireNonNull(price, "price is null");
        requireNonNull(size, "size is null");
        requireNonNull(side, "side is null");
    }

    @Override
    public String type()
    {
        return "trade";
    }
}
