package io.marketpipe.core.internal.indicator;

import java.util.Map;

/**
 * Bollinger bands over the last {@code period} closes: the value is the middle band (their mean,
 * as the simple moving average has it), the components {@code upper} and {@code lower} are the
 * mean plus and minus {@code k} population standard deviations.
 */
final class BollingerBands
        extends SimpleMovingAverage
{
    private final double k;

    BollingerBands(int period, double k)
    {
        super(period);
        this.k = k;
    }

    @Override
    public Map<String, Double> components()
    {
        double mean = closes().mean();
        double width = k * Math.sqrt(closes().variance());
        return Map.of("upper", mean + width, "lower", mean - width);
    }
}
