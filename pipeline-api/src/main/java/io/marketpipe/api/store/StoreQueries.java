package io.marketpipe.api.store;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Split;
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

    /**
     * @return the dividends dated in the query's range, oldest first
     * @throws UnsupportedOperationException when the store keeps no dividends
     * @since 0.3
     */
    default List<Dividend> dividends(StoreQuery query)
            throws IOException
    {
        throw new UnsupportedOperationException("this store keeps no dividends");
    }

    /**
     * @return the splits dated in the query's range, oldest first
     * @throws UnsupportedOperationException when the store keeps no splits
     * @since 0.3
     */
    default List<Split> splits(StoreQuery query)
            throws IOException
    {
        throw new UnsupportedOperationException("this store keeps no splits");
    }
}
