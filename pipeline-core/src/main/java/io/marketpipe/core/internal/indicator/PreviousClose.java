package io.marketpipe.core.internal.indicator;

/**
 * The close of the candle before the one being applied, for indicators over close-to-close
 * moves. A candle that replaces the last one (an interval still open, updated) is measured
 * against the same previous close as the candle it replaces.
 */
final class PreviousClose
{
    private double value = Double.NaN;
    private double before = Double.NaN;

    /**
     * @return the previous close for this candle, or NaN for the first
     */
    double of(boolean replacesLast)
    {
        if (replacesLast) {
            value = before;
        }
        else {
            before = value;
        }
        return value;
    }

    /**
     * Records the close of the candle just applied.
     */
    void set(double close)
    {
        value = close;
    }
}
