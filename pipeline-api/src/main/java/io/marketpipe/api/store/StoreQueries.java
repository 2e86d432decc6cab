package io.marketpipe.api.store;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Trade;

import java.io.IOException;
import java.util.List;

/**
 * The query capability of a store that can answer. Results are oldest first.
 *
 * @since 0.1
 */
public interface StoreQueries
{
    List<Candle> candles(StoreQuery query)
            throws IOException;

    List<Trade> trades(StoreQuery query)
            throws IOException;

    List<FundingRate> funding(StoreQuery query)
            throws IOException;
}
