package io.marketpipe.core.internal.indicator;

import com.google.inject.Inject;
import com.google.inject.Singleton;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.enricher.EnricherContext;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Warms the built-in indicators up from the venues' candle history. The built-in indicator
 * enrichers created with a context from {@link #context} take part; the first time a connector
 * publishes an instrument, its {@link Connector#candleHistory()} (when it offers one) is asked
 * for the candles of each interval those enrichers compute over, up to the most any of them
 * wants, and the answer is handed to them. Requests run asynchronously and never hold up the
 * connector; a failed one is logged and counted ({@code warm-up.failures}).
 */
@Singleton
public final class IndicatorWarmUp
{
    private static final Logger log = LoggerFactory.getLogger(IndicatorWarmUp.class);

    private final MarketClock clock;
    private final List<IndicatorEnricher> enrichers = new CopyOnWriteArrayList<>();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private final Metrics.Counter requests;
    private final Metrics.Counter failures;

    /**
     * @param metrics where {@code warm-up.requests} and {@code warm-up.failures} are counted
     */
    @Inject
    public IndicatorWarmUp(MarketClock clock, Metrics metrics)
    {
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(metrics, "metrics is null");
        this.requests = metrics.counter("warm-up.requests");
        this.failures = metrics.counter("warm-up.failures");
    }

    /**
     * @return the context to create an enricher with; a built-in indicator created with it takes
     *         part in the warm-up
     */
    public EnricherContext context(String name, Metrics metrics)
    {
        return new Context(requireNonNull(name, "name is null"), requireNonNull(metrics, "metrics is null"));
    }

    /**
     * Puts the warm-up trigger in a connector's chain: every event goes on to {@code downstream}.
     *
     * @param connector the connector, once created
     * @return {@code downstream} itself when no indicator wants history
     */
    public EventSink sink(String source, Supplier<Connector> connector, EventSink downstream)
    {
        requireNonNull(source, "source is null");
        requireNonNull(connector, "connector is null");
        requireNonNull(downstream, "downstream is null");
        if (enrichers.stream().allMatch(enricher -> enricher.warmUpCandles() == 0)) {
            return downstream;
        }
        Set<Instrument> seen = ConcurrentHashMap.newKeySet();
        return event -> {
            Instrument instrument = event.instrument();
            if (instrument != null && !(event instanceof SourceStatus) && !seen.contains(instrument) && seen.add(instrument)) {
                request(source, connector.get(), instrument);
            }
            downstream.accept(event);
        };
    }

    private void request(String source, Connector connector, Instrument instrument)
    {
        Optional<HistoricalCandles> history;
        try {
            history = connector == null ? Optional.empty() : connector.candleHistory();
        }
        catch (RuntimeException e) {
            log.warn("Connector {} failed to offer candle history: {}", source, e.toString());
            return;
        }
        if (history.isEmpty()) {
            return;
        }
        long now = clock.nowMillis();
        for (CandleInterval interval : enrichers.stream().map(IndicatorEnricher::interval).distinct().toList()) {
            int limit = enrichers.stream().filter(enricher -> enricher.interval().equals(interval)).mapToInt(IndicatorEnricher::warmUpCandles).max().orElse(0);
            if (limit == 0 || !requested.add(instrument.key() + " " + interval)) {
                continue;
            }
            requests.inc();
            CompletableFuture<List<Candle>> candles;
            try {
                candles = history.get().candles(instrument, interval, interval.openTime(now), limit);
            }
            catch (RuntimeException e) {
                candles = CompletableFuture.failedFuture(e);
            }
            candles.whenComplete((answer, failure) -> {
                if (failure != null) {
                    failures.inc();
                    log.warn("Warm-up history of {} {} from {} failed; indicators start without it: {}", instrument.symbol(), interval, source, failure.toString());
                    return;
                }
                for (IndicatorEnricher enricher : enrichers) {
                    if (enricher.interval().equals(interval)) {
                        enricher.offerHistory(instrument, answer);
                    }
                }
            });
        }
    }

    /**
     * An enricher context through which the built-in indicators register for the warm-up.
     */
    final class Context
            implements EnricherContext
    {
        private final String name;
        private final Metrics metrics;

        private Context(String name, Metrics metrics)
        {
            this.name = name;
            this.metrics = metrics;
        }

        void register(IndicatorEnricher enricher)
        {
            enrichers.add(enricher);
        }

        @Override
        public String name()
        {
            return name;
        }

        @Override
        public Metrics metrics()
        {
            return metrics;
        }
    }
}
