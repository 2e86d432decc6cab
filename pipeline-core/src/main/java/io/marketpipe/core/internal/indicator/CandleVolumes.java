package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

/**
 * Price-times-volume of a candle for volume-weighted indicators.
 */
final class CandleVolumes
{
    private CandleVolumes() {}

    /**
     * @return the candle's quote volume, or its typical price times its volume when the venue did not send one
     */
    static double priceVolume(Candle candle)
    {
        if (candle.quoteVolume() != null) {
            return candle.quoteVolume().doubleValue();
        }
        return typicalPrice(candle) * candle.volume().doubleValue();
    }

    /**
     * @return {@code (high + low + close) / 3}
     */
    static double typicalPrice(Candle candle)
    {
        return (candle.high().doubleValue() + candle.low().doubleValue() + candle.close().doubleValue()) / 3;
    }
}
