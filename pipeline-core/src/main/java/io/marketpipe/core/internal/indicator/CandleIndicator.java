package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

import java.util.Map;

/**
 * An indicator over the final candles of one instrument and interval, updated in constant time
 * per candle.
 *
 * <p>A revision of the candle passed last (a late trade amended it) replaces that candle: the
 * indicator takes its contribution back before adding the revised one, so the values always
 * equal a computation over the latest version of every candle.
 */
interface CandleIndicator
{
    /**
     * @param candle the next final candle, or a revision of the last one
     * @param replacesLast true when {@code candle} is a revision of the candle passed last
     */
    void update(Candle candle, boolean replacesLast);

    /**
     * @return whether enough candles have been seen for a value
     */
    boolean ready();

    /**
     * @return the main value; only meaningful when {@link #ready()}
     */
    double value();

    /**
     * @return further named values, e.g. Bollinger {@code upper} and {@code lower}
     */
    default Map<String, Double> components()
    {
        return Map.of();
    }
}
