package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

/**
 * Wilder's average true range. The true range is {@code max(high - low, |high - previous close|,
 * |low - previous close|)}, and {@code high - low} for the first candle; the average is seeded
 * with the simple average of the first {@code period} true ranges and then smoothed with
 * {@code alpha = 1 / period}. The first value belongs to candle {@code period}.
 */
final class AverageTrueRange
        implements CandleIndicator
{
    private final ExponentialAverage ranges;
    private final PreviousClose previous = new PreviousClose();

    AverageTrueRange(int period)
    {
        this.ranges = ExponentialAverage.wilder(period);
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        double previousClose = previous.of(replacesLast);
        double high = candle.high().doubleValue();
        double low = candle.low().doubleValue();
        double range = high - low;
        if (!Double.isNaN(previousClose)) {
            range = Math.max(range, Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
        }
        ranges.update(range, replacesLast);
        previous.set(candle.close().doubleValue());
    }

    @Override
    public boolean ready()
    {
        return ranges.ready();
    }

    @Override
    public double value()
    {
        return ranges.value();
    }
}
