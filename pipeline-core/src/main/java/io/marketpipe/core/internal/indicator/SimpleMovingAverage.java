package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

/**
 * The mean of the last {@code period} closes.
 */
class SimpleMovingAverage
        implements CandleIndicator
{
    private final RollingWindow closes;

    SimpleMovingAverage(int period)
    {
        this.closes = new RollingWindow(period);
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        closes.update(candle.close().doubleValue(), replacesLast);
    }

    @Override
    public boolean ready()
    {
        return closes.full();
    }

    RollingWindow closes()
    {
        return closes;
    }

    @Override
    public double value()
    {
        return closes.mean();
    }
}
