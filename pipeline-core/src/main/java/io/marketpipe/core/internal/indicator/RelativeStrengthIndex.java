package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

/**
 * Wilder's relative strength index: the average gain and average loss of close-to-close changes,
 * each seeded with the simple average of the first {@code period} changes and then smoothed with
 * {@code alpha = 1 / period}; {@code RSI = 100 - 100 / (1 + gain / loss)}, 100 when there were no
 * losses and 50 when there was no change at all. The first value belongs to candle
 * {@code period + 1}.
 */
final class RelativeStrengthIndex
        implements CandleIndicator
{
    private final ExponentialAverage gains;
    private final ExponentialAverage losses;
    private final PreviousClose previous = new PreviousClose();

    RelativeStrengthIndex(int period)
    {
        this.gains = ExponentialAverage.wilder(period);
        this.losses = ExponentialAverage.wilder(period);
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        double previousClose = previous.of(replacesLast);
        double close = candle.close().doubleValue();
        if (!Double.isNaN(previousClose)) {
            double change = close - previousClose;
            gains.update(Math.max(change, 0), replacesLast);
            losses.update(Math.max(-change, 0), replacesLast);
        }
        previous.set(close);
    }

    @Override
    public boolean ready()
    {
        return losses.ready();
    }

    @Override
    public double value()
    {
        double gain = gains.value();
        double loss = losses.value();
        if (loss == 0) {
            return gain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + gain / loss);
    }
}
