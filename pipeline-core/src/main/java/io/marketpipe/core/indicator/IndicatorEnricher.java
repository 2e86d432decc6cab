package io.marketpipe.core.indicator;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Runs one indicator per instrument over the final candles of one interval and source, and emits
 * an {@link IndicatorValue} for every candle once the indicator has a value, with the candle's
 * start. A revision of the latest candle recomputes that value and emits it again; a revision of
 * an older candle is ignored and counted ({@code revisions.ignored}). Open candles are ignored.
 */
final class IndicatorEnricher
        implements Enricher
{
    private final String name;
    private final CandleInterval interval;
    private final CandleSource source;
    private final Supplier<CandleIndicator> indicators;
    private final Map<Instrument, Track> tracks = new HashMap<>();
    private final Metrics.Counter ignoredRevisions;

    IndicatorEnricher(String name, CandleInterval interval, CandleSource source, Supplier<CandleIndicator> indicators, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.interval = requireNonNull(interval, "interval is null");
        this.source = requireNonNull(source, "source is null");
        this.indicators = requireNonNull(indicators, "indicators is null");
        this.ignoredRevisions = requireNonNull(metrics, "metrics is null").counter("revisions.ignored");
    }

    @Override
    public void onEvent(MarketEvent event, EventSink out)
    {
        if (!(event instanceof Candle candle) || !candle.closed() || candle.source() != source || !candle.interval().equals(interval)) {
            return;
        }
        Track track = tracks.computeIfAbsent(candle.instrument(), instrument -> new Track(indicators.get()));
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
