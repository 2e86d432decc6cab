package io.marketpipe.core.capture;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * How fast a capture is replayed: {@code max} (as fast as the connector consumes), {@code 1x}
 * (the recorded pace) or any positive factor ({@code 10x} ten times faster, {@code 0.5x} half
 * the recorded pace).
 *
 * @param factor the speed-up over the recorded pace; positive infinity for {@code max}
 */
public record ReplaySpeed(double factor)
{
    public static final ReplaySpeed MAX = new ReplaySpeed(Double.POSITIVE_INFINITY);
    public static final ReplaySpeed RECORDED = new ReplaySpeed(1);

    private static final Pattern FACTOR = Pattern.compile("(\\d+(\\.\\d*)?|\\.\\d+)x");

    public ReplaySpeed
    {
        if (Double.isNaN(factor) || factor <= 0) {
            throw new IllegalArgumentException("replay speed factor must be positive: " + factor);
        }
    }

    public static ReplaySpeed times(double factor)
    {
        return new ReplaySpeed(factor);
    }

    /**
     * Parses {@code max}, {@code 1x}, {@code 10x}, {@code 0.5x} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static ReplaySpeed parse(String text)
    {
        String normalized = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("max")) {
            return MAX;
        }
        if (FACTOR.matcher(normalized).matches()) {
            double factor = Double.parseDouble(normalized.substring(0, normalized.length() - 1));
            if (factor > 0 && !Double.isInfinite(factor)) {
                return new ReplaySpeed(factor);
            }
        }
        throw new IllegalArgumentException("invalid replay speed \"" + text + "\": expected max, 1x (the recorded pace) or a positive factor such as 10x or 0.5x");
    }

    public boolean isMax()
    {
        return Double.isInfinite(factor);
    }

    /**
     * @return how long {@code recordedNanos} of the recording last in this replay
     */
    public long scale(long recordedNanos)
    {
        if (isMax()) {
            return 0;
        }
        return factor == 1 ? recordedNanos : (long) (recordedNanos / factor);
    }

    @Override
    public String toString()
    {
        if (isMax()) {
            return "max";
        }
        String text = Double.toString(factor);
        return (text.endsWith(".0") ? text.substring(0, text.length() - 2) : text) + "x";
    }
}
