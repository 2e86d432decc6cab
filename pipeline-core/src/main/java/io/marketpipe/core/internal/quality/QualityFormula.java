package io.marketpipe.core.internal.quality;

import io.marketpipe.core.quality.Freshness;
import io.marketpipe.core.quality.QualityLevel;

import java.util.List;
import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * The scoring formula: how freshness, gaps, errors and latency turn into 0-100 components, as
 * configured under {@code marketpipe.quality}, and how scores and thresholds are put in words.
 * Pure: what was observed comes in, the scores go out.
 */
final class QualityFormula
{
    // each recent gap (checksum mismatch, crossing) or resync costs this much of the gaps component, fading with the half-life
    private static final double FAILURE_PENALTY = 20;
    private static final double RESYNC_PENALTY = 10;

    private final QualitySettings settings;

    QualityFormula(QualitySettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * @param failures recent gaps and crossings, decayed
     * @param resyncs recent resyncs, decayed
     */
    int gaps(double failures, double resyncs)
    {
        return clamp(100 - Math.round(FAILURE_PENALTY * failures + RESYNC_PENALTY * resyncs));
    }

    /**
     * @param rate the share of recent events rejected or undecodable
     */
    int errors(double rate)
    {
        return clamp(Math.round(100 * (1 - rate / settings.maxErrorRate())));
    }

    /**
     * @param median the median latency in nanoseconds, negative when none was measured
     */
    int latency(long median)
    {
        return median < 0 ? 100 : linear(median, settings.latencyGood().toNanos(), settings.latencyBad().toNanos());
    }

    Freshness freshness(long age)
    {
        if (age >= settings.expired().toNanos()) {
            return Freshness.EXPIRED;
        }
        return age >= settings.stale().toNanos() ? Freshness.STALE : Freshness.FRESH;
    }

    int freshnessScore(long age)
    {
        long fresh = settings.fresh().toNanos();
        long stale = settings.stale().toNanos();
        long expired = settings.expired().toNanos();
        if (age <= fresh) {
            return 100;
        }
        if (age < stale) {
            return 50 + linear(age, fresh, stale) / 2;
        }
        return linear(age, stale, expired) / 2;
    }

    String thresholdNote(Freshness freshness)
    {
        return switch (freshness) {
            case FRESH -> "";
            case STALE -> " (stale after " + duration(settings.stale().toNanos()) + ")";
            case EXPIRED -> " (expired after " + duration(settings.expired().toNanos()) + ")";
        };
    }

    /**
     * @return 100 at or below {@code good}, 0 at or above {@code bad}, linear between
     */
    static int linear(long value, long good, long bad)
    {
        if (value <= good) {
            return 100;
        }
        if (value >= bad) {
            return 0;
        }
        return clamp(Math.round(100.0 * (bad - value) / (bad - good)));
    }

    static int clamp(long value)
    {
        return (int) Math.max(0, Math.min(100, value));
    }

    static int mean(long sum, int count)
    {
        return (int) Math.round((double) sum / count);
    }

    static String duration(long nanos)
    {
        long millis = nanos / 1_000_000;
        if (millis < 1000) {
            return millis + " ms";
        }
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    static String levelChange(QualityLevel level, int score, List<String> reasons)
    {
        if (level == QualityLevel.HEALTHY) {
            return "quality healthy again (" + score + ")";
        }
        return "quality " + level.wireName() + " (" + score + ")" + (reasons.isEmpty() ? "" : ": " + String.join("; ", reasons));
    }
}
