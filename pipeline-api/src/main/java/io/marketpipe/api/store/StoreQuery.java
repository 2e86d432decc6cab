package io.marketpipe.api.store;

import io.marketpipe.api.model.CandleInterval;

import static java.util.Objects.requireNonNull;

/**
 * A query against a store: one instrument on one venue, a time range and a limit.
 *
 * @param venue the venue, e.g. {@code binance}
 * @param market the venue segment, e.g. {@code spot} or {@code usdm}; null matches every market
 * @param symbol the canonical symbol, e.g. {@code BTC/USDT}
 * @param interval the candle interval, for candle queries; null otherwise, or for every interval
 * @param fromMillis inclusive start, epoch ms
 * @param toMillis exclusive end, epoch ms
 * @param limit the maximum number of results: the oldest {@code limit} in the range, oldest first
 * @since 0.1
 */
public record StoreQuery(String venue, String market, String symbol, CandleInterval interval, long fromMillis, long toMillis, int limit)
{
    public StoreQuery
    {
        requireNonNull(venue, "venue is null");
        requireNonNull(symbol, "symbol is null");
        if (toMillis < fromMillis) {
            throw new IllegalArgumentException("time range ends before it starts: " + fromMillis + " > " + toMillis);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1: " + limit);
        }
    }

    /**
     * A query matching the symbol in every market of the venue.
     */
    public StoreQuery(String venue, String symbol, CandleInterval interval, long fromMillis, long toMillis, int limit)
    {
        this(venue, null, symbol, interval, fromMillis, toMillis, limit);
    }
}
