package io.marketpipe.core.internal.candle;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * Builds candles from the trades of one connector for every configured interval, and passes every
 * event on unchanged. Venue candles pass through as they are and are kept in the
 * {@link CandleHistory} under their own source.
 *
 * <p>Intervals follow trade time (the venue's, else the receive time) and align to the epoch, so
 * to UTC midnight. A candle is emitted final when its interval closes: when a trade of a later
 * interval arrives or, live, when the local clock is {@code clock-close-after} past the interval's
 * end ({@link #closeByClock()}). A trade of an interval that has already closed amends that
 * candle, emitted again with the same start and the next revision, while the newest trade time
 * is less than {@code lateness} past the interval's end; a later one is left out of the candle,
 * counted ({@code candles.late-trades}) and reported with an {@code info} status (the trade itself
 * still goes on). An event is always passed on before the candles it causes.
 *
 * <p>When the connector has stopped, {@link #flush()} emits the candles still in progress, not
 * final, so that no trade is missing from a replay's output. Thread-safe: a connector may publish
 * from several threads while the clock closes intervals from another.
 */
public final class CandleBuilder
        implements EventSink
{
    private final String source;
    private final CandleSettings settings;
    private final CandleHistory history;
    private final EventSink downstream;
    private final MarketClock clock;
    private final long latenessMillis;
    private final Map<Instrument, InstrumentCandles> instruments = new HashMap<>();
    private final Metrics.Counter built;
    private final Metrics.Counter revisions;
    private final Metrics.Counter lateTrades;
    // what the current call derived, published once the lock is released: a publisher blocked by a
    // full consumer must never hold the builder, or shutdown could not flush it
    private List<MarketEvent> pending = new ArrayList<>();

    /**
     * @param source the connector instance name, for status events
     * @param metrics where {@code candles.built}, {@code candles.revisions} and {@code candles.late-trades} are counted
     */
    public CandleBuilder(String source, CandleSettings settings, CandleHistory history, EventSink downstream, Metrics metrics, MarketClock clock)
    {
        this.source = requireNonNull(source, "source is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.history = requireNonNull(history, "history is null");
        this.downstream = requireNonNull(downstream, "downstream is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.latenessMillis = settings.lateness().toMillis();
        requireNonNull(metrics, "metrics is null");
        this.built = metrics.counter("candles.built");
        this.revisions = metrics.counter("candles.revisions");
        this.lateTrades = metrics.counter("candles.late-trades");
    }

    @Override
    public void accept(MarketEvent event)
    {
        downstream.accept(event);
        List<MarketEvent> derived;
        synchronized (this) {
            if (event instanceof Trade trade) {
                onTrade(trade);
            }
            else if (event instanceof Candle candle) {
                history.record(candle);
            }
            derived = drainPending();
        }
        publish(derived);
    }

    private void onTrade(Trade trade)
    {
        if (settings.intervals().isEmpty()) {
            return;
        }
        long tradeNanos = trade.venueNanos() != 0 ? trade.venueNanos() : trade.receivedNanos();
        long tradeMillis = Math.floorDiv(tradeNanos, 1_000_000L);
        InstrumentCandles candles = instruments.computeIfAbsent(trade.instrument(), InstrumentCandles::new);
        candles.watermarkMillis = Math.max(candles.watermarkMillis, tradeMillis);
        for (Series series : candles.series) {
            series.onTrade(trade, tradeNanos, tradeMillis, candles.watermarkMillis);
        }
    }

    /**
     * Closes, by the local clock, every interval that ended {@code clock-close-after} ago and that
     * no trade has closed. Live only: in replay, trade time alone closes intervals.
     */
    public void closeByClock()
    {
        List<MarketEvent> derived;
        synchronized (this) {
            long nowNanos = clock.nowNanos();
            long closedBefore = Math.floorDiv(nowNanos, 1_000_000L) - settings.clockCloseAfter().toMillis();
            for (InstrumentCandles candles : instruments.values()) {
                for (Series series : candles.series) {
                    series.advanceTo(series.interval.openTime(closedBefore), nowNanos);
                }
            }
            derived = drainPending();
        }
        publish(derived);
    }

    /**
     * Emits every candle still in progress that has trades, not final ({@code closed = false}).
     * Called once the connector has stopped.
     */
    public void flush()
    {
        List<MarketEvent> derived;
        synchronized (this) {
            long nowNanos = clock.nowNanos();
            for (InstrumentCandles candles : instruments.values()) {
                for (Series series : candles.series) {
                    series.flush(nowNanos);
                }
            }
            derived = drainPending();
        }
        publish(derived);
    }

    // guarded by this
    private List<MarketEvent> drainPending()
    {
        if (pending.isEmpty()) {
            return List.of();
        }
        List<MarketEvent> drained = pending;
        pending = new ArrayList<>();
        return drained;
    }

    private void publish(List<MarketEvent> derived)
    {
        for (MarketEvent event : derived) {
            downstream.accept(event);
        }
    }

    private void emit(Candle candle)
    {
        built.inc();
        if (candle.revision() > 0) {
            revisions.inc();
        }
        history.record(candle);
        pending.add(candle);
    }

    private final class InstrumentCandles
    {
        private final List<Series> series = new ArrayList<>();
        private long watermarkMillis = Long.MIN_VALUE;

        InstrumentCandles(Instrument instrument)
        {
            for (CandleInterval interval : settings.intervals()) {
                series.add(new Series(instrument, interval));
            }
        }
    }

    /**
     * The candles of one instrument and interval.
     */
    private final class Series
    {
        private final Instrument instrument;
        private final CandleInterval interval;
        private final long millis;
        // closed candles with trades that a late trade may still amend, by start
        private final TreeMap<Long, CandleAccumulator> amendable = new TreeMap<>();
        private CandleAccumulator open;
        // the start of the earliest interval not closed yet
        private long frontier = Long.MIN_VALUE;
        private long firstTradedStart = Long.MAX_VALUE;
        private long latestClosedStart = Long.MIN_VALUE;
        private Decimal latestClose;

        Series(Instrument instrument, CandleInterval interval)
        {
            this.instrument = instrument;
            this.interval = interval;
            this.millis = interval.millis();
        }

        void onTrade(Trade trade, long tradeNanos, long tradeMillis, long watermarkMillis)
        {
            long start = interval.openTime(tradeMillis);
            while (!amendable.isEmpty() && expired(amendable.firstKey(), watermarkMillis)) {
                amendable.pollFirstEntry();
            }
            if (start >= frontier) {
                advanceTo(start, trade.receivedNanos());
                if (open == null) {
                    open = CandleAccumulator.empty(start);
                    frontier = start;
                }
                open.add(trade, tradeNanos);
                firstTradedStart = Math.min(firstTradedStart, start);
                if (settings.emitOpen()) {
                    emit(open.toCandle(instrument, interval, trade.receivedNanos(), false));
                }
            }
            else if (expired(start, watermarkMillis)) {
                lateTrades.inc();
                pending.add(new SourceStatus(source, instrument.venue(), instrument.market(), instrument, trade.venueNanos(), trade.receivedNanos(),
                        SourceStatus.Kind.INFO, "trade " + trade.tradeId() + " at " + Instant.ofEpochMilli(tradeMillis) + " came after the " + interval
                                + " candle starting " + Instant.ofEpochMilli(start) + " had closed and its lateness of " + settings.lateness()
                                + " had passed; the candle does not include it"));
            }
            else {
                CandleAccumulator candle = amendableCandle(start);
                candle.add(trade, tradeNanos);
                if (start == latestClosedStart) {
                    latestClose = candle.close();
                }
                emitFinal(candle, trade.receivedNanos());
            }
        }

        private boolean expired(long start, long watermarkMillis)
        {
            return start + millis + latenessMillis <= watermarkMillis;
        }

        private CandleAccumulator amendableCandle(long start)
        {
            CandleAccumulator candle = amendable.get(start);
            if (candle == null) {
                candle = CandleAccumulator.empty(start);
                if (settings.emptyIntervals() == EmptyIntervals.CARRY && start > firstTradedStart) {
                    // the interval went out as a carried zero-volume candle, so this is its first revision
                    candle.markFinal();
                }
                amendable.put(start, candle);
            }
            return candle;
        }

        /**
         * Closes every interval before {@code start}; with {@code carry}, the intervals between
         * get zero-volume candles and the one at {@code start} starts at the last close.
         */
        void advanceTo(long start, long receivedNanos)
        {
            while (open != null && open.start() < start) {
                CandleAccumulator closing = open;
                long next = closing.start() + millis;
                latestClosedStart = closing.start();
                latestClose = closing.close();
                if (closing.trades() > 0) {
                    amendable.put(closing.start(), closing);
                }
                emitFinal(closing, receivedNanos);
                open = settings.emptyIntervals() == EmptyIntervals.CARRY ? CandleAccumulator.carried(next, latestClose) : null;
                frontier = next;
            }
        }

        void flush(long nowNanos)
        {
            if (open != null && open.trades() > 0) {
                emit(open.toCandle(instrument, interval, nowNanos, false));
            }
        }

        private void emitFinal(CandleAccumulator candle, long receivedNanos)
        {
            candle.markFinal();
            emit(candle.toCandle(instrument, interval, receivedNanos, true));
        }
    }
}
