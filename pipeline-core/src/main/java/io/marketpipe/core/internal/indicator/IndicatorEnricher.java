package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs one indicator per instrument over the final candles of one interval and source, and emits
 * an {@link IndicatorValue} for every candle once the indicator has a value, with the candle's
 * start. A revision of the latest candle recomputes that value and emits it again; a revision of
 * an older candle is ignored and counted ({@code revisions.ignored}). Open candles are ignored.
 *
 * <p>Venue history offered before an instrument's first candle ({@link #offerHistory}) warms its
 * indicator up silently, whatever the configured source: venue klines are the closest a fresh
 * start has to the candles it did not build. History that arrives after the first candle is
 * dropped and counted ({@code warm-up.late}).
 */
final class IndicatorEnricher
        implements Enricher
{
    private final String name;
    private final CandleInterval interval;
    private final CandleSource source;
    private final Supplier<CandleIndicator> indicators;
    private final int warmUp;
    private final Map<Instrument, Track> tracks = new HashMap<>();
    // offered from any thread, taken on the enricher's
    private final Map<Instrument, List<Candle>> history = new ConcurrentHashMap<>();
    private final Metrics.Counter ignoredRevisions;
    private final Metrics.Counter warmUpCandles;
    private final Metrics.Counter lateHistory;

    /**
     * @param warmUp how many candles of history to warm up from; 0 for none
     */
    IndicatorEnricher(String name, CandleInterval interval, CandleSource source, Supplier<CandleIndicator> indicators, int warmUp, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.source = requireNonNull(source, "source is null");
        this.indicators = requireNonNull(indicators, "indicators is null");
        this.warmUp = warmUp;
        requireNonNull(metrics, "metrics is null");
        this.ignoredRevisions = metrics.counter("revisions.ignored");
        this.warmUpCandles = metrics.counter("warm-up.candles");
        this.lateHistory = metrics.counter("warm-up.late");
    }

    CandleInterval interval()
    {
        return interval;
    }

    /**
     * @return how many candles of history the enricher wants per instrument; 0 for none
     */
    int warmUpCandles()
    {
        return warmUp;
    }

    /**
     * Offers past candles of an instrument to start from. Thread-safe; the first offer per
     * instrument counts.
     */
    void offerHistory(Instrument instrument, List<Candle> candles)
    {
        List<Candle> usable = candles.stream()
                .filter(candle -> candle.closed() && candle.interval().equals(interval))
                .sorted(Comparator.comparingLong(Candle::openTimeMillis))
                .toList();
        if (!usable.isEmpty() && warmUp > 0) {
            history.putIfAbsent(instrument, usable.subList(Math.max(0, usable.size() - warmUp), usable.size()));
        }
    }

    @Override
    public void onEvent(MarketEvent event, EventSink out)
    {
        if (!(event instanceof Candle candle) || !candle.closed() || candle.source() != source || !candle.interval().equals(interval)) {
            return;
        }
        Track track = tracks.get(candle.instrument());
        if (track == null) {
            track = new Track(indicators.get());
            tracks.put(candle.instrument(), track);
            warmUp(track, candle);
        }
        else if (!history.isEmpty() && history.remove(candle.instrument()) != null) {
            lateHistory.inc();
        }
        long start = candle.openTimeMillis();
        if (start > track.lastStart) {
            track.indicator.update(candle, false);
            track.lastStart = start;
        }
        else if (start == track.lastStart) {
            track.indicator.update(candle, true);
        }
        else {
            ignoredRevisions.inc();
            return;
        }
        if (track.indicator.ready()) {
            out.accept(new IndicatorValue(candle.instrument(), candle.venueNanos(), candle.receivedNanos(), name, interval, start,
                    track.indicator.value(), track.indicator.components()));
        }
    }

    private void warmUp(Track track, Candle first)
    {
        List<Candle> past = history.remove(first.instrument());
        if (past == null) {
            return;
        }
        for (Candle candle : past) {
            if (candle.openTimeMillis() >= first.openTimeMillis()) {
                break;
            }
            if (candle.openTimeMillis() > track.lastStart) {
                track.indicator.update(candle, false);
                track.lastStart = candle.openTimeMillis();
                warmUpCandles.inc();
            }
        }
    }

    private static final class Track
    {
        private final CandleIndicator indicator;
        private long lastStart = Long.MIN_VALUE;

        Track(CandleIndicator indicator)
        {
            this.indicator = indicator;
        }
    }
}
