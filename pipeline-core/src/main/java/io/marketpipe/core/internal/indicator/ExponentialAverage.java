package io.marketpipe.core.internal.indicator;

/**
 * An exponential moving average seeded with the simple average of its first {@code period}
 * inputs: {@code value = alpha * x + (1 - alpha) * previous}. With {@code alpha = 2 / (period + 1)}
 * it is the usual EMA; with {@code alpha = 1 / period} it is Wilder's smoothing.
 */
final class ExponentialAverage
{
    private final int period;
    private final double alpha;
    private int count;
    private double seedSum;
    private double value;
    private int countBefore;
    private double seedSumBefore;
    private double valueBefore;

    ExponentialAverage(int period, double alpha)
    {
        this.period = period;
        this.alpha = alpha;
    }

    static ExponentialAverage standard(int period)
    {
        return new ExponentialAverage(period, 2.0 / (period + 1));
    }

    static ExponentialAverage wilder(int period)
    {
        return new ExponentialAverage(period, 1.0 / period);
    }

    /**
     * @param replacesLast true to replace the input added last instead of adding one
     */
    void update(double x, boolean replacesLast)
    {
        if (replacesLast) {
            count = countBefore;
            seedSum = seedSumBefore;
            value = valueBefore;
        }
        else {
            countBefore = count;
            seedSumBefore = seedSum;
            valueBefore = value;
        }
        if (count < period) {
            seedSum += x;
            count++;
            if (count == period) {
                value = seedSum / period;
            }
        }
        else {
            value = alpha * x + (1 - alpha) * value;
        }
    }

    boolean ready()
    {
        return count == period;
    }

    double value()
    {
        return value;
    }
}
