package io.marketpipe.api.store;

import io.marketpipe.api.model.CandleInterval;

import static java.util.Objects.requireNonNull;

/**
 * A query against a store: one instrument on one venue, a time range and a limit.
 *
 * @param venue the venue, e.g. {@code binance}
 * @param symbol the canonical symbol, e.g. {@code BTC/USDT}
 * @param interval the candle interval, for candle queries; null otherwise
 * @param fromMillis inclusive start, epoch ms
 * @param toMillis exclusive end, epoch ms
 * @param limit the maximum number of results, oldest first
 * @since 0.1
 */
public record StoreQuery(String venue, String symbol, CandleInterval interval, long fromMillis, long toMillis, int limit)
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
}
