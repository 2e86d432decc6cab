package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

import java.util.Map;

/**
 * MACD: the value is the fast EMA of closes minus the slow EMA (both seeded with their simple
 * average), from candle {@code slow} on. Once {@code signal} MACD values exist, the components
 * {@code signal} (their EMA, seeded likewise) and {@code histogram} (MACD minus signal) join it.
 */
final class MovingAverageConvergenceDivergence
        implements CandleIndicator
{
    private final ExponentialAverage fast;
    private final ExponentialAverage slow;
    private final ExponentialAverage signal;

    MovingAverageConvergenceDivergence(int fast, int slow, int signal)
    {
        this.fast = ExponentialAverage.standard(fast);
        this.slow = ExponentialAverage.standard(slow);
        this.signal = ExponentialAverage.standard(signal);
    }

    @Override
    public void update(Candle candle, boolean replacesLast)
    {
        double close = candle.close().doubleValue();
        fast.update(close, replacesLast);
        slow.update(close, replacesLast);
        // readiness depends on counts alone, so a revision takes the same branch as the candle it replaces
        if (slow.ready()) {
            signal.update(value(), replacesLast);
        }
    }

    @Override
    public boolean ready()
    {
        return slow.ready();
    }

    @Override
    public double value()
    {
        return fast.value() - slow.value();
    }

    @Override
    public Map<String, Double> components()
    {
        if (!signal.ready()) {
            return Map.of();
        }
        return Map.of("signal", signal.value(), "histogram", value() - signal.value());
    }
}
