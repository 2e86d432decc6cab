package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

/**
 * The exponential moving average of closes, {@code alpha = 2 / (period + 1)}, seeded with the
 * simple average of the first {@code period} closes; the first value belongs to candle
 * {@code period}.
 */
final class ExponentialMovingAverage
        implements CandleIndicator
{
    private final ExponentialAverage average;

    ExponentialMovingAverage(int period)
    {
        this.average = ExponentialAverage.standard(period);
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        average.update(candle.close().doubleValue(), replacesLast);
    }

    @Override
    public boolean ready()
    {
        return average.ready();
    }

    @Override
    public double value()
    {
        return average.value();
    }
}
