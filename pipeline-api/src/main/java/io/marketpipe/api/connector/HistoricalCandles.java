package io.marketpipe.api.connector;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The candle history a venue keeps (Binance REST klines, for example), which a connector may
 * offer through {@link Connector#candleHistory()}. The runtime uses it to warm indicators up, so
 * that they have a value from the first live candle instead of after {@code period} candles.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface HistoricalCandles
{
    /**
     * Fetches the most recent final candles that opened before {@code endMillis}. Returns at once;
     * the request runs on the connector's REST transport, within the venue's rate limits.
     *
     * @param instrument one of the connector's instruments
     * @param interval the candle interval
     * @param endMillis epoch ms; only candles that opened before it are wanted
     * @param limit the most candles wanted (the latest ones); a venue may cap it lower
     * @return the candles, oldest first, each {@code closed} and tagged
     *         {@link io.marketpipe.api.model.CandleSource#VENUE}; an empty list when the venue has
     *         no such interval; completed exceptionally when the request failed
     */
    CompletableFuture<List<Candle>> candles(Instrument instrument, CandleInterval interval, long endMillis, int limit);
}
