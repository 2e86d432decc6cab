package io.marketpipe.core.internal.candle;

import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.core.internal.config.ConfigDurations;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The candle builder's settings from {@code marketpipe.candles}.
 *
 * @param intervals the intervals built from trades for every instrument
 * @param lateness how far past an interval's end (in trade time) a late trade still amends its candle
 * @param emptyIntervals what an interval without trades emits
 * @param emitOpen whether every trade also emits its interval's candle so far ({@code final = false})
 * @param clockCloseAfter live only: how long after its end the local clock closes an interval no trade has closed
 * @param historyLengths final candles kept per instrument and interval, for each supported interval
 */
public record CandleSettings(
        List<CandleInterval> intervals,
        Duration lateness,
        EmptyIntervals emptyIntervals,
        boolean emitOpen,
        Duration clockCloseAfter,
        Map<CandleInterval, Integer> historyLengths)
{
    /** The intervals the builder supports: each divides a day, so candles align to UTC midnight. */
    public static final List<CandleInterval> SUPPORTED = List.of("1s", "5s", "15s", "30s", "1m", "5m", "15m", "30m", "1h", "4h", "1d").stream()
            .map(CandleInterval::parse)
            .toList();

    private static final String PATH = "marketpipe.candles";

    public CandleSettings
    {
        intervals = List.copyOf(intervals);
        requireNonNull(lateness, "lateness is null");
        requireNonNull(emptyIntervals, "emptyIntervals is null");
        requireNonNull(clockCloseAfter, "clockCloseAfter is null");
        historyLengths = Map.copyOf(historyLengths);
        if (!historyLengths.keySet().containsAll(SUPPORTED)) {
            throw new IllegalArgumentException("historyLengths needs an entry for every supported interval " + SUPPORTED + ", got " + historyLengths.keySet());
        }
    }

    /**
     * @throws ConfigurationException naming the path of an unsupported interval or an out-of-range value
     */
    public static CandleSettings from(Config root)
    {
        Config config = root.getConfig(PATH);
        List<String> labels = config.getStringList("intervals");
        List<CandleInterval> intervals = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            CandleInterval interval = supported(PATH + ".intervals[" + i + "]", labels.get(i));
            if (!intervals.contains(interval)) {
                intervals.add(interval);
            }
        }
        Map<CandleInterval, Integer> lengths = new LinkedHashMap<>();
        Config history = config.getConfig("history");
        for (String key : history.root().keySet()) {
            String path = PATH + ".history." + key;
            int length = history.getInt(key);
            if (length < 1) {
                throw new ConfigurationException(path, "must be at least 1, got " + length);
            }
            lengths.put(supported(path, key), length);
        }
        return new CandleSettings(
                intervals,
                ConfigDurations.nonNegative(config, PATH, "lateness"),
                emptyIntervals(config.getString("empty-intervals")),
                config.getBoolean("emit-open"),
                ConfigDurations.nonNegative(config, PATH, "clock-close-after"),
                lengths);
    }

    /**
     * @return how many final candles of {@code interval} are kept per instrument: its own entry, or
     *         for a venue interval the builder does not build (3m, 1w), that of the longest
     *         supported interval shorter than it
     */
    public int historyLength(CandleInterval interval)
    {
        Integer exact = historyLengths.get(interval);
        if (exact != null) {
            return exact;
        }
        CandleInterval shorter = SUPPORTED.get(0);
        for (CandleInterval supported : SUPPORTED) {
            if (supported.compareTo(interval) < 0) {
                shorter = supported;
            }
        }
        return historyLengths.get(shorter);
    }

    private static CandleInterval supported(String path, String label)
    {
        CandleInterval interval;
        try {
            interval = CandleInterval.parse(label);
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(path, e.getMessage());
        }
        if (!SUPPORTED.contains(interval)) {
            throw new ConfigurationException(path, "unsupported candle interval \"" + label + "\"; supported: " + String.join(", ", SUPPORTED.stream().map(CandleInterval::label).toList()));
        }
        return interval;
    }

    private static EmptyIntervals emptyIntervals(String value)
    {
        try {
            return EmptyIntervals.valueOf(value.trim().toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(PATH + ".empty-intervals", "unknown policy \"" + value + "\"; expected skip or carry");
        }
    }
}
