package io.marketpipe.core.internal.candle;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.core.candle.CandleView;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * The recent final candles of every instrument, interval and source, in memory and bounded: one
 * ring per series whose length {@link CandleSettings#historyLength} gives. Built candles and the
 * venue's own candles are kept apart, so the two can be compared. Safe to read from any thread
 * while the pipeline runs.
 */
@Singleton
public final class CandleHistory
        implements CandleView
{
    private final CandleSettings settings;
    private final Map<SeriesKey, CandleRing> series = new ConcurrentHashMap<>();

    @Inject
    public CandleHistory(CandleSettings settings)
    {
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * @return every final candle kept for the series, oldest first; empty when there is none
     */
    @Override
    public List<Candle> recent(Instrument instrument, CandleInterval interval, CandleSource source)
    {
        return recent(instrument, interval, source, Integer.MAX_VALUE);
    }

    /**
     * @return up to {@code limit} of the newest final candles of the series, oldest first
     */
    @Override
    public List<Candle> recent(Instrument instrument, CandleInterval interval, CandleSource source, int limit)
    {
        CandleRing ring = series.get(new SeriesKey(requireNonNull(instrument, "instrument is null"), requireNonNull(interval, "interval is null"), requireNonNull(source, "source is null")));
        return ring == null ? List.of() : ring.newest(limit);
    }

    /**
     * @return the instruments with at least one candle kept
     */
    @Override
    public Set<Instrument> instruments()
    {
        return series.keySet().stream().map(SeriesKey::instrument).collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Keeps a final candle, replacing the one with the same start (a revision); ignores open candles.
     */
    void record(Candle candle)
    {
        if (!candle.closed()) {
            return;
        }
        series.computeIfAbsent(new SeriesKey(candle.instrument(), candle.interval(), candle.source()), key -> new CandleRing(settings.historyLength(key.interval())))
                .record(candle);
    }

    private record SeriesKey(Instrument instrument, CandleInterval interval, CandleSource source) {}
}
