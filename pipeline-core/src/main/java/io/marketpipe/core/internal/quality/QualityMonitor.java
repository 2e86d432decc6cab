package io.marketpipe.core.internal.quality;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.core.internal.aggregate.QualityScores;
import io.marketpipe.core.quality.QualityView;
import io.marketpipe.core.quality.SourceQuality;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Scores every source (connector instance) and each of its instruments from 0 to 100: freshness,
 * book gaps and resyncs, error rate, latency and completeness, weighted as configured under
 * {@code marketpipe.quality}. Each source is observed through the sink {@link #sink} puts in its
 * connector's chain; its scores are the in-process view ({@link #sources()}), Dropwizard gauges
 * ({@code connector.<name>.quality.score}, its components, and
 * {@code connector.<name>.quality.instrument.<symbol>.score}), and the {@link QualityHealthCheck}.
 * Crossing a freshness threshold or a level emits a status event into the source's stream:
 * {@code stale} when an instrument goes stale or expires, {@code info} for the way back and for
 * level changes.
 */
@Singleton
public final class QualityMonitor
        implements QualityView, QualityScores
{
    private final QualitySettings settings;
    private final MarketClock clock;
    private final List<SourceTracker> trackers = new CopyOnWriteArrayList<>();
    private final Map<String, SourceTracker> byName = new ConcurrentHashMap<>();

    @Inject
    public QualityMonitor(QualitySettings settings, MarketClock clock)
    {
        this.settings = requireNonNull(settings, "settings is null");
        this.clock = requireNonNull(clock, "clock is null");
    }

    public QualitySettings settings()
    {
        return settings;
    }

    /**
     * Starts observing a source. Returns {@code downstream} itself when scoring is disabled.
     *
     * @param source the connector instance name, unique
     * @param venue the venue named by status events about the whole source until its events name one
     * @param market the market, likewise
     * @param channels the channels the connector was configured with, or empty when unknown
     * @param instruments the instruments the connector publishes, as far as it knows
     * @param metrics the connector's metrics, where the gauges go
     * @param downstream where every event goes on, followed by the status events of crossings
     * @return the sink to put in the connector's chain
     */
    public EventSink sink(String source, String venue, String market, Set<Channel> channels, Supplier<List<Instrument>> instruments, Metrics metrics, EventSink downstream)
    {
        if (!settings.enabled()) {
            return downstream;
        }
        SourceTracker tracker = new SourceTracker(source, venue, market, channels, instruments, settings, clock, metrics, downstream);
        if (byName.putIfAbsent(source, tracker) != null) {
            throw new IllegalArgumentException("source " + source + " is already observed");
        }
        trackers.add(tracker);
        return tracker;
    }

    /**
     * Marks the start of every source, from which an instrument that never publishes is aged, and
     * scores them once.
     */
    public void start()
    {
        long now = clock.nowNanos();
        for (SourceTracker tracker : trackers) {
            tracker.start(now);
        }
        evaluate();
    }

    /**
     * Scores every source as of the clock's now and emits the status events of thresholds crossed.
     * The runtime calls it every {@code check-interval} when live; in replay the events' own times
     * drive the evaluations.
     */
    public void evaluate()
    {
        long now = clock.nowNanos();
        for (SourceTracker tracker : trackers) {
            tracker.evaluate(now);
        }
    }

    /**
     * @return the latest scores of every source evaluated so far, in the order they were added
     */
    @Override
    public List<SourceQuality> sources()
    {
        List<SourceQuality> sources = new ArrayList<>(trackers.size());
        for (SourceTracker tracker : trackers) {
            SourceQuality latest = tracker.latest();
            if (latest != null) {
                sources.add(latest);
            }
        }
        return sources;
    }

    /**
     * @return the latest score of the source, if it has been evaluated
     */
    @Override
    public Optional<SourceQuality> source(String source)
    {
        SourceTracker tracker = byName.get(source);
        return tracker == null ? Optional.empty() : Optional.ofNullable(tracker.latest());
    }

    /**
     * @return the latest score of one instrument from one source, if evaluated
     */
    @Override
    public OptionalInt score(String source, Instrument instrument)
    {
        SourceTracker tracker = byName.get(source);
        return tracker == null ? OptionalInt.empty() : tracker.score(instrument);
    }
}
