package io.marketpipe.core.internal.quality;

import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.quality.Freshness;
import io.marketpipe.core.quality.InstrumentQuality;
import io.marketpipe.core.quality.QualityComponents;
import io.marketpipe.core.quality.QualityLevel;
import io.marketpipe.core.quality.SourceQuality;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Scores one source: observes every event its connector publishes (after validation) on the way
 * downstream, and evaluates its instruments every {@code check-interval}, by the events' receive
 * times (so replay evaluates as the recording went) and by the runtime's clock when called.
 * Threshold crossings go downstream as {@code stale} and {@code info} status events. An instrument
 * whose connector reported {@code market_closed} is fresh and complete until {@code market_open},
 * from which its silence counts again.
 *
 * <p>Thread-safe: a connector may publish from several threads while another evaluates.
 */
final class SourceTracker
        implements EventSink
{
    // instruments a source's reasons name before the rest are only counted
    private static final int REASON_INSTRUMENTS = 5;

    private final String name;
    private final QualitySettings settings;
    private final QualityFormula formula;
    private final MarketClock clock;
    private final Set<Channel> expectedChannels;
    private final Supplier<List<Instrument>> instruments;
    private final Metrics metrics;
    private final EventSink downstream;
    private final long halfLifeNanos;
    private final long checkNanos;
    private final ReentrantLock evaluation = new ReentrantLock();

    // guarded by this
    private final Map<Instrument, InstrumentTracker> trackers = new LinkedHashMap<>();
    private final DecayingSum events;
    private final DecayingSum decodeErrors;
    private String venue;
    private String market;
    private long startNanos;
    private long lastEventNanos;
    private long decodeErrorTotal;
    private boolean disconnected;
    private String disconnectReason;
    private volatile long nextEvaluationNanos;

    // guarded by evaluation
    private final QualityAlerts alerts;

    private volatile SourceQuality latest;
    private volatile Map<Instrument, Integer> scores = Map.of();

    /**
     * @param venue the venue for status events about the whole source, until an event names one
     * @param market the market for such status events, likewise
     * @param expectedChannels the channels the connector was configured with; empty when unknown,
     *        in which case the channels an instrument has produced are the ones expected of it
     * @param instruments the instruments the connector publishes, as far as it knows
     */
    SourceTracker(
            String name,
            String venue,
            String market,
            Set<Channel> expectedChannels,
            Supplier<List<Instrument>> instruments,
            QualitySettings settings,
            MarketClock clock,
            Metrics metrics,
            EventSink downstream)
    {
        this.name = requireNonNull(name, "name is null");
        this.venue = requireNonNull(venue, "venue is null");
        this.market = requireNonNull(market, "market is null");
        this.expectedChannels = expectedChannels.isEmpty() ? Set.of() : EnumSet.copyOf(expectedChannels);
        this.instruments = requireNonNull(instruments, "instruments is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.formula = new QualityFormula(settings);
        this.alerts = new QualityAlerts(name);
        this.clock = requireNonNull(clock, "clock is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.downstream = requireNonNull(downstream, "downstream is null");
        this.halfLifeNanos = settings.halfLife().toNanos();
        this.checkNanos = settings.checkInterval().toNanos();
        this.events = new DecayingSum(halfLifeNanos);
        this.decodeErrors = new DecayingSum(halfLifeNanos);
        metrics.gauge("quality.score", () -> latest == null ? -1 : latest.score());
        metrics.gauge("quality.freshness", () -> latest == null ? -1 : latest.components().freshness());
        metrics.gauge("quality.gaps", () -> latest == null ? -1 : latest.components().gaps());
        metrics.gauge("quality.errors", () -> latest == null ? -1 : latest.components().errors());
        metrics.gauge("quality.latency", () -> latest == null ? -1 : latest.components().latency());
        metrics.gauge("quality.completeness", () -> latest == null ? -1 : latest.components().completeness());
    }

    @Override
    public void accept(MarketEvent event)
    {
        long received = event.receivedNanos() > 0 ? event.receivedNanos() : clock.nowNanos();
        // evaluated before the event counts, so that the silence it ends is reported; a publishing
        // thread never waits for an evaluation already under way
        long next = nextEvaluationNanos;
        if (next != 0 && received >= next && evaluation.tryLock()) {
            try {
                evaluateLocked(received);
            }
            finally {
                evaluation.unlock();
            }
        }
        synchronized (this) {
            observe(event, received);
        }
        downstream.accept(event);
    }

    /**
     * Marks the start: an instrument that never publishes is aged from here.
     */
    synchronized void start(long nowNanos)
    {
        if (startNanos == 0) {
            startNanos = nowNanos;
        }
    }

    /**
     * Scores the source as of {@code nowNanos} and emits a status for every threshold crossed
     * since the last evaluation.
     */
    void evaluate(long nowNanos)
    {
        evaluation.lock();
        try {
            evaluateLocked(nowNanos);
        }
        finally {
            evaluation.unlock();
        }
    }

    SourceQuality latest()
    {
        return latest;
    }

    OptionalInt score(Instrument instrument)
    {
        Integer score = scores.get(instrument);
        return score == null ? OptionalInt.empty() : OptionalInt.of(score);
    }

    private void observe(MarketEvent event, long received)
    {
        if (startNanos == 0) {
            startNanos = received;
        }
        if (event instanceof SourceStatus status) {
            onStatus(status, received);
        }
        else if (event.instrument() != null) {
            Instrument instrument = event.instrument();
            venue = instrument.venue();
            market = instrument.market();
            tracker(instrument).onEvent(event, received);
            events.add(1, received);
            lastEventNanos = Math.max(lastEventNanos, received);
        }
        if (nextEvaluationNanos == 0) {
            nextEvaluationNanos = received + checkNanos;
        }
    }

    private void onStatus(SourceStatus status, long received)
    {
        Instrument instrument = status.instrument();
        switch (status.kind()) {
            case CONNECTED:
                disconnected = false;
                break;
            case DISCONNECTED:
            case RECONNECTING:
                disconnected = true;
                disconnectReason = status.reason();
                break;
            case GAP:
            case CHECKSUM_MISMATCH:
            case CROSSED_BOOK:
                if (instrument != null) {
                    tracker(instrument).gap(status.reason(), received);
                }
                break;
            case RESYNC:
                if (instrument != null) {
                    tracker(instrument).resync(received);
                }
                break;
            case REJECTED:
                if (instrument != null) {
                    tracker(instrument).rejected(received);
                }
                else {
                    decodeError(received);
                }
                break;
            case DECODE_ERROR:
                decodeError(received);
                break;
            case MARKET_CLOSED:
            case MARKET_OPEN:
                if (instrument != null) {
                    tracker(instrument).market(status.kind() == SourceStatus.Kind.MARKET_OPEN, received);
                }
                break;
            default:
                break;
        }
    }

    private void decodeError(long received)
    {
        decodeErrors.add(1, received);
        decodeErrorTotal++;
    }

    private InstrumentTracker tracker(Instrument instrument)
    {
        InstrumentTracker tracker = trackers.get(instrument);
        if (tracker == null) {
            tracker = new InstrumentTracker(instrument, halfLifeNanos);
            trackers.put(instrument, tracker);
            InstrumentTracker registered = tracker;
            metrics.gauge("quality.instrument." + instrument.symbol() + ".score", () -> registered.lastScore);
        }
        return tracker;
    }

    private void evaluateLocked(long nowNanos)
    {
        List<MarketEvent> crossings = new ArrayList<>();
        synchronized (this) {
            nextEvaluationNanos = nowNanos + checkNanos;
            if (startNanos == 0) {
                startNanos = nowNanos;
            }
            for (Instrument instrument : knownInstruments()) {
                tracker(instrument);
            }
            List<InstrumentQuality> qualities = new ArrayList<>(trackers.size());
            Map<Instrument, Integer> byInstrument = new HashMap<>();
            for (InstrumentTracker tracker : trackers.values()) {
                InstrumentQuality quality = score(tracker, nowNanos);
                tracker.lastScore = quality.score();
                qualities.add(quality);
                byInstrument.put(tracker.instrument, quality.score());
            }
            SourceQuality source = sourceQuality(qualities, nowNanos);
            crossings.addAll(alerts.crossings(source, venue, market, nowNanos));
            latest = source;
            scores = Map.copyOf(byInstrument);
        }
        crossings.forEach(downstream::accept);
    }

    private List<Instrument> knownInstruments()
    {
        try {
            List<Instrument> known = instruments.get();
            return known == null ? List.of() : known;
        }
        catch (RuntimeException e) {
            // a connector that cannot list its instruments yet is scored by what it published
            return List.of();
        }
    }

    private InstrumentQuality score(InstrumentTracker tracker, long now)
    {
        List<String> reasons = new ArrayList<>();
        boolean seen = tracker.lastEventNanos != 0;
        // a closed market is quiet, not stale
        long age = tracker.marketClosed ? 0 : Math.max(0, now - (seen ? tracker.lastEventNanos : Math.max(startNanos, tracker.marketOpenedNanos)));
        Freshness freshness = formula.freshness(age);
        int freshnessScore = formula.freshnessScore(age);
        if (freshnessScore < 100) {
            reasons.add((seen ? "no data for " + QualityFormula.duration(age) : "no data in the " + QualityFormula.duration(age) + " since the start") + formula.thresholdNote(freshness));
        }

        int gaps;
        if (tracker.bookUnverified) {
            gaps = 0;
            reasons.add("book not verified: " + tracker.bookFailure);
        }
        else {
            gaps = formula.gaps(tracker.failures.value(now), tracker.resyncs.value(now));
            if (gaps < 100) {
                reasons.add("recent gaps (" + tracker.gapTotal + " gaps, " + tracker.resyncTotal + " resyncs so far)");
            }
        }

        double rejected = tracker.rejected.value(now);
        double instrumentRate = rejected > 0 ? rejected / (tracker.events.value(now) + rejected) : 0;
        double decode = decodeErrors.value(now);
        double sourceRate = decode > 0 ? decode / (events.value(now) + decode) : 0;
        double rate = Math.min(1, instrumentRate + sourceRate);
        int errors = formula.errors(rate);
        if (errors < 100) {
            reasons.add(String.format(Locale.ROOT, "error rate %.2f%% (%d rejected, %d decode errors so far)", rate * 100, tracker.rejectedTotal, decodeErrorTotal));
        }

        long median = tracker.latency.median();
        int latency = formula.latency(median);
        if (latency < 100) {
            reasons.add("latency " + QualityFormula.duration(median) + " (median of the last " + tracker.latency.count() + " events)");
        }

        Set<Channel> expected = expectedChannels.isEmpty() ? tracker.channelsSeen() : expectedChannels;
        List<String> missing = new ArrayList<>();
        for (Channel channel : expected) {
            long last = tracker.lastByChannel[channel.ordinal()];
            // a channel gets until `stale` after the start to produce its first event (a book waits for its snapshot)
            boolean silent = !tracker.marketClosed
                    && (last == 0 ? now - Math.max(startNanos, tracker.marketOpenedNanos) >= settings.stale().toNanos() : now - last >= settings.expired().toNanos());
            if (silent) {
                missing.add(channel.configName());
            }
        }
        int completeness = expected.isEmpty() ? 100 : QualityFormula.clamp(Math.round(100.0 * (expected.size() - missing.size()) / expected.size()));
        if (!missing.isEmpty()) {
            reasons.add("channels not producing: " + String.join(", ", missing));
        }

        QualityComponents components = new QualityComponents(freshnessScore, gaps, errors, latency, completeness);
        int score;
        if (disconnected) {
            score = 0;
            reasons.add(0, "source disconnected");
        }
        else {
            score = freshness == Freshness.EXPIRED ? 0 : settings.weights().weighted(components);
        }
        QualityLevel instrumentLevel = settings.level(score, alerts.level(tracker.instrument));
        return new InstrumentQuality(tracker.instrument, score, instrumentLevel, freshness, age, median, components, reasons,
                tracker.gapTotal, tracker.resyncTotal, tracker.rejectedTotal);
    }

    private SourceQuality sourceQuality(List<InstrumentQuality> qualities, long now)
    {
        List<String> reasons = new ArrayList<>();
        if (disconnected) {
            reasons.add("disconnected: " + disconnectReason);
        }
        QualityComponents components;
        int score;
        boolean criticalInstrument = false;
        if (qualities.isEmpty()) {
            long age = Math.max(0, now - (lastEventNanos != 0 ? lastEventNanos : startNanos));
            components = new QualityComponents(formula.freshnessScore(age), 100, 100, 100, 100);
            score = disconnected ? 0 : settings.weights().weighted(components);
            if (components.freshness() < 100) {
                reasons.add("no data for " + QualityFormula.duration(age) + formula.thresholdNote(formula.freshness(age)));
            }
        }
        else {
            long freshness = 0;
            long gaps = 0;
            long errors = 0;
            long latency = 0;
            long completeness = 0;
            long total = 0;
            List<String> unhealthy = new ArrayList<>();
            for (InstrumentQuality quality : qualities) {
                QualityComponents parts = quality.components();
                freshness += parts.freshness();
                gaps += parts.gaps();
                errors += parts.errors();
                latency += parts.latency();
                completeness += parts.completeness();
                total += quality.score();
                criticalInstrument |= quality.level() == QualityLevel.CRITICAL;
                if (quality.level() != QualityLevel.HEALTHY && !disconnected) {
                    unhealthy.add(quality.instrument().symbol() + " " + quality.level().wireName() + " (" + quality.score() + "): " + String.join(", ", quality.reasons()));
                }
            }
            int count = qualities.size();
            components = new QualityComponents(QualityFormula.mean(freshness, count), QualityFormula.mean(gaps, count), QualityFormula.mean(errors, count), QualityFormula.mean(latency, count), QualityFormula.mean(completeness, count));
            score = disconnected ? 0 : QualityFormula.mean(total, count);
            reasons.addAll(unhealthy.subList(0, Math.min(REASON_INSTRUMENTS, unhealthy.size())));
            if (unhealthy.size() > REASON_INSTRUMENTS) {
                reasons.add("and " + (unhealthy.size() - REASON_INSTRUMENTS) + " more instruments");
            }
        }
        QualityLevel sourceLevel = settings.level(score, alerts.sourceLevel());
        if (criticalInstrument) {
            sourceLevel = sourceLevel.worst(QualityLevel.DEGRADED);
        }
        return new SourceQuality(name, score, sourceLevel, !disconnected, components, reasons, qualities, decodeErrorTotal, now);
    }

    private static Channel channel(MarketEvent event)
    {
        if (event instanceof Trade) {
            return Channel.TRADES;
        }
        if (event instanceof Quote) {
            return Channel.QUOTES;
        }
        if (event instanceof Ticker) {
            return Channel.TICKER;
        }
        if (event instanceof BookDepth) {
            return Channel.BOOK;
        }
        if (event instanceof Candle candle && candle.source() == CandleSource.VENUE) {
            return Channel.CANDLES;
        }
        if (event instanceof FundingRate) {
            return Channel.FUNDING;
        }
        return null;
    }

    /**
     * Live events whose venue time says when the venue sent them: not REST snapshots, backfills
     * or candles, whose venue times are older by design.
     */
    private static boolean measuresLatency(MarketEvent event)
    {
        if (event.venueNanos() <= 0) {
            return false;
        }
        if (event instanceof Trade trade) {
            return !trade.backfilled();
        }
        if (event instanceof BookDepth book) {
            return !book.snapshot();
        }
        return event instanceof Quote || event instanceof Ticker || event instanceof FundingRate;
    }

    /**
     * What is known of one instrument. Guarded by the source tracker.
     */
    private final class InstrumentTracker
    {
        private final Instrument instrument;
        // the receive time of the latest event per channel, by ordinal; 0 for none yet
        private final long[] lastByChannel = new long[Channel.values().length];
        private final DecayingSum events;
        private final DecayingSum rejected;
        private final DecayingSum failures;
        private final DecayingSum resyncs;
        private final LatencySamples latency = new LatencySamples();
        private long lastEventNanos;
        private long gapTotal;
        private long resyncTotal;
        private long rejectedTotal;
        private boolean bookUnverified;
        private String bookFailure;
        private boolean marketClosed;
        private long marketOpenedNanos;
        private volatile int lastScore = -1;

        InstrumentTracker(Instrument instrument, long halfLifeNanos)
        {
            this.instrument = instrument;
            this.events = new DecayingSum(halfLifeNanos);
            this.rejected = new DecayingSum(halfLifeNanos);
            this.failures = new DecayingSum(halfLifeNanos);
            this.resyncs = new DecayingSum(halfLifeNanos);
        }

        void onEvent(MarketEvent event, long received)
        {
            lastEventNanos = Math.max(lastEventNanos, received);
            events.add(1, received);
            Channel channel = channel(event);
            if (channel != null) {
                lastByChannel[channel.ordinal()] = received;
            }
            if (measuresLatency(event)) {
                latency.add(received - event.venueNanos());
            }
            if (event instanceof BookDepth) {
                // the engine publishes depth only from a verified book
                bookUnverified = false;
            }
        }

        /**
         * A gap, checksum mismatch or crossing. A gap may also be one of missed trades; only an
         * instrument that has a book has one to lose, and its next depth event shows it verified again.
         */
        void gap(String reason, long received)
        {
            failures.add(1, received);
            gapTotal++;
            if (lastByChannel[Channel.BOOK.ordinal()] != 0) {
                bookUnverified = true;
                bookFailure = reason;
            }
        }

        /**
         * The connector reported the market closed or open again; on opening, silence counts from now.
         */
        void market(boolean open, long received)
        {
            if (open && marketClosed) {
                marketOpenedNanos = received;
                lastEventNanos = lastEventNanos == 0 ? 0 : Math.max(lastEventNanos, received);
                for (int i = 0; i < lastByChannel.length; i++) {
                    lastByChannel[i] = lastByChannel[i] == 0 ? 0 : Math.max(lastByChannel[i], received);
                }
            }
            marketClosed = !open;
        }

        void resync(long received)
        {
            resyncs.add(1, received);
            resyncTotal++;
            bookUnverified = false;
        }

        Set<Channel> channelsSeen()
        {
            Set<Channel> seen = EnumSet.noneOf(Channel.class);
            for (Channel channel : Channel.values()) {
                if (lastByChannel[channel.ordinal()] != 0) {
                    seen.add(channel);
                }
            }
            return seen;
        }

        void rejected(long received)
        {
            rejected.add(1, received);
            rejectedTotal++;
        }
    }
}
