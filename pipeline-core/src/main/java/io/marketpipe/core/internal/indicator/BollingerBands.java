package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

import java.util.Map;

/**
 * Bollinger bands over the last {@code period} closes: the value is the middle band (their mean),
 * the components {@code upper} and {@code lower} are the mean plus and minus {@code k} population
 * standard deviations.
 */
final class BollingerBands
        implements CandleIndicator
{
    private final RollingWindow closes;
    private final double k;

    BollingerBands(int period, double k)
    {
        this.closes = new RollingWindow(period);
        this.k = k;
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

    @Override
    public double value()
    {
        return closes.mean();
    }

    @Override
    public Map<String, Double> components()
    {
        double mean = closes.mean();
        double width = k * Math.sqrt(closes.variance());
        return Map.of("upper", mean + width, "lower", mean - width);
    }
}
