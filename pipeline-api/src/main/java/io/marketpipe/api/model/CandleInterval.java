package io.marketpipe.api.model;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A candle interval such as {@code 1s}, {@code 1m}, {@code 4h}, {@code 1d}, {@code 1w} or
 * {@code 1M} (one calendar month, the only unit that is case-sensitive).
 *
 * @since 0.1
 */
public final class CandleInterval
        implements Comparable<CandleInterval>
{
    private static final long MONTH_MILLIS = 30L * 24 * 3600 * 1000;

    private final String label;
    private final long millis;

    private CandleInterval(String label, long millis)
    {
        this.label = label;
        this.millis = millis;
    }

    /**
     * @param label a count and a unit: {@code s}, {@code m}, {@code h}, {@code d}, {@code w} or {@code M}
     * @throws IllegalArgumentException naming the label when it is not an interval
     */
    public static CandleInterval parse(String label)
    {
        Objects.requireNonNull(label, "label is null");
        if (label.length() < 2) {
            throw new IllegalArgumentException("not a candle interval: \"" + label + "\" (expected e.g. 1m, 4h, 1d)");
        }
        char unit = label.charAt(label.length() - 1);
        long count;
        try {
            count = Long.parseLong(label.substring(0, label.length() - 1));
        }
        catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a candle interval: \"" + label + "\" (expected e.g. 1m, 4h, 1d)");
        }
        if (count <= 0) {
            throw new IllegalArgumentException("not a candle interval: \"" + label + "\" (count must be positive)");
        }
        long unitMillis;
        switch (unit) {
            case 's': unitMillis = 1000L; break;
            case 'm': unitMillis = 60_000L; break;
            case 'h': unitMillis = 3_600_000L; break;
            case 'd': case 'D': unitMillis = 86_400_000L; break;
            case 'w': case 'W': unitMillis = 7 * 86_400_000L; break;
            case 'M': unitMillis = MONTH_MILLIS; break;
            default:
                throw new IllegalArgumentException("not a candle interval: \"" + label + "\" (unit must be one of s m h d w M)");
        }
        String normalized = count + (unit == 'M' ? "M" : String.valueOf(unit).toLowerCase(Locale.ROOT));
        return new CandleInterval(normalized, count * unitMillis);
    }

    /**
     * @return the label, e.g. {@code 1m}
     */
    public String label()
    {
        return label;
    }

    /**
     * @return the nominal length in milliseconds (a month counts 30 days)
     */
    public long millis()
    {
        return millis;
    }

    public Duration duration()
    {
        return Duration.ofMillis(millis);
    }

    /**
     * @return the start of the interval containing {@code epochMillis}, aligned to the epoch
     */
    public long openTime(long epochMillis)
    {
        return Math.floorDiv(epochMillis, millis) * millis;
    }

    @Override
    public int compareTo(CandleInterval other)
    {
        return Long.compare(millis, other.millis);
    }

    @Override
    public boolean equals(Object o)
    {
        return o instanceof CandleInterval && ((CandleInterval) o).label.equals(label);
    }

    @Override
    public int hashCode()
    {
        return label.hashCode();
    }

    @Override
    public String toString()
    {
        return label;
    }
}
