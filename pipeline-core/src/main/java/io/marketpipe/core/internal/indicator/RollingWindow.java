package io.marketpipe.core.internal.indicator;

/**
 * The last {@code length} inputs with their sum and variance, updated in constant time.
 *
 * <p>Sums are kept relative to the first input, so that prices far from zero with small moves
 * keep their precision, and are recomputed from the window once per {@code length} updates, so
 * that rounding does not accumulate.
 */
final class RollingWindow
{
    private final double[] values;
    private int oldest;
    private int size;
    private double shift = Double.NaN;
    private double sum;
    private double sumOfSquares;
    private int sinceRecompute;

    RollingWindow(int length)
    {
        this.values = new double[length];
    }

    /**
     * @param replacesLast true to replace the input added last instead of adding one
     */
    void update(double x, boolean replacesLast)
    {
        if (replacesLast) {
            size--;
            double newest = values[(oldest + size) % values.length] - shift;
            sum -= newest;
            sumOfSquares -= newest * newest;
        }
        if (Double.isNaN(shift)) {
            shift = x;
        }
        if (size == values.length) {
            double evicted = values[oldest] - shift;
            sum -= evicted;
            sumOfSquares -= evicted * evicted;
            oldest = (oldest + 1) % values.length;
            size--;
        }
        values[(oldest + size) % values.length] = x;
        size++;
        double shifted = x - shift;
        sum += shifted;
        sumOfSquares += shifted * shifted;
        if (++sinceRecompute == values.length) {
            recompute();
        }
    }

    private void recompute()
    {
        sinceRecompute = 0;
        sum = 0;
        sumOfSquares = 0;
        for (int i = 0; i < size; i++) {
            double shifted = values[(oldest + i) % values.length] - shift;
            sum += shifted;
            sumOfSquares += shifted * shifted;
        }
    }

    boolean full()
    {
        return size == values.length;
    }

    double sum()
    {
        return sum + shift * size;
    }

    double mean()
    {
        return shift + sum / size;
    }

    /**
     * @return the population variance of the window
     */
    double variance()
    {
        double meanShifted = sum / size;
        return Math.max(0, sumOfSquares / size - meanShifted * meanShifted);
    }
}
