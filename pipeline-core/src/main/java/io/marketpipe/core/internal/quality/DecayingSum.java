package io.marketpipe.core.internal.quality;

/**
 * A sum whose past additions fade with a half-life: what was added one half-life ago counts half.
 * Constant memory and time, so recent error rates and trade volumes need no windows of samples.
 * Not thread-safe.
 */
public final class DecayingSum
{
    private final double nanosPerFold;
    private double value;
    private long asOfNanos = Long.MIN_VALUE;

    /**
     * @param halfLifeNanos how long until an addition counts half; positive
     */
    public DecayingSum(long halfLifeNanos)
    {
        if (halfLifeNanos <= 0) {
            throw new IllegalArgumentException("halfLifeNanos must be positive: " + halfLifeNanos);
        }
        this.nanosPerFold = halfLifeNanos / Math.log(2);
    }

    public void add(double amount, long nowNanos)
    {
        decayTo(nowNanos);
        value += amount;
    }

    /**
     * @return the faded sum as of {@code nowNanos}; a time before the latest addition reads as of that addition
     */
    public double value(long nowNanos)
    {
        if (asOfNanos == Long.MIN_VALUE || nowNanos <= asOfNanos) {
            return value;
        }
        return value * Math.exp(-(nowNanos - asOfNanos) / nanosPerFold);
    }

    private void decayTo(long nowNanos)
    {
        if (asOfNanos == Long.MIN_VALUE) {
            asOfNanos = nowNanos;
        }
        else if (nowNanos > asOfNanos) {
            value *= Math.exp(-(nowNanos - asOfNanos) / nanosPerFold);
            asOfNanos = nowNanos;
        }
    }
}
