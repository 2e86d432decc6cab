package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;

import static java.util.Objects.requireNonNull;

/**
 * What one source contributes to a consolidated instrument.
 *
 * @param source the connector instance name
 * @param instrument the source's instrument, or null when the source has not published for it yet
 * @param bestBid its best bid (from its book, quotes or ticker, whichever came last), or null
 * @param bestAsk its best ask, or null
 * @param price the middle of its best bid and ask, else its last trade price, or null
 * @param updatedNanos the receive time of its latest event for the instrument, epoch ns, or 0
 * @param quality its quality score for the instrument, or -1 when not scored
 * @param healthy whether it is connected, fresh and of sufficient quality, so that it counts
 * @param problem why it is not healthy, or null when it is
 */
public record SourceView(
        String source,
        Instrument instrument,
        PriceLevel bestBid,
        PriceLevel bestAsk,
        Decimal price,
        long updatedNanos,
        int quality,
        boolean healthy,
        String problem)
{
    public SourceView
    {
        requireNonNull(source, "source is null");
    }
}
