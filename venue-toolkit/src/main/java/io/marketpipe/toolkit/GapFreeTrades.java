package io.marketpipe.toolkit;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps each instrument's live trades gap-free and free of duplicates, for venues that number an
 * instrument's trades consecutively (Binance, OKX, Coinbase, Kraken v2). A live trade more than one
 * past the last one emitted shows that trades were missed: during a reconnect, or in a frame lost
 * on the way. Its live trades are then held back while the missing ones are fetched over REST
 * through the venue's {@link Source} and emitted in order, marked backfilled; then the held trades
 * follow. A trade whose id was emitted already, or is being fetched, is dropped as a duplicate
 * ({@code trades.duplicates}).
 *
 * <p>A reconnect does not wait for the next live trade to reveal a gap: {@link #catchUp} asks the
 * venue for what followed the last trade emitted, so trades published while the connection was
 * down are stored even when the market goes quiet afterwards.
 *
 * <p>Trades that cannot be fetched (beyond the backfill limit, absent at the venue, or after
 * {@value #MAX_FAILURES} failed requests) are reported as a {@code GAP} status naming the first and
 * last missing id, and counted in {@code trades.missed}. Trade ids that are not integers pass
 * through unchecked.
 *
 * <p>Requests go one at a time, in order, through the rate-limited transport, so that many
 * instruments reconnecting together do not send a burst. All methods but {@link #close()} are
 * synchronized: trades arrive on the connections' threads, REST answers on the transport's.
 */
public final class GapFreeTrades
{
    /** Failed requests in a row for one gap after which it is reported instead of fetched. */
    public static final int MAX_FAILURES = 5;
    /** Live trades held per instrument during a backfill; beyond it the oldest are fetched over REST instead. */
    public static final int MAX_HELD = 100_000;

    private static final Logger log = LoggerFactory.getLogger(GapFreeTrades.class);
    private static final long OPEN_END = Long.MAX_VALUE;

    private final Source source;
    private final int limit;
    private final EventSink sink;
    private final VenueStatus status;
    private final ScheduledExecutorService scheduler;
    private final ReconnectPolicy policy;
    private final Metrics.Counter duplicates;
    private final Metrics.Counter gaps;
    private final Metrics.Counter backfilled;
    private final Metrics.Counter missed;
    private final Metrics.Counter requests;

    private final Map<Instrument, InstrumentTrades> instruments = new HashMap<>();
    private volatile boolean closed;
    private final SerialRequests<InstrumentTrades> backfillRequests = new SerialRequests<>(this::sendBackfillRequest, () -> closed);

    /**
     * Where a venue's missed trades come from.
     *
     * @param endpoint the endpoint's name, for logs and gap statuses
     * @param absent why trades the endpoint did not return are missing, for gap statuses
     * @param byId true when {@link Fetch#fetch} honours {@code fromId}; false when it returns only
     *        the latest trades, which cover a short gap
     * @param pageSize the most trades one request returns
     * @param fetch sends one request
     */
    public record Source(String endpoint, String absent, boolean byId, int pageSize, Fetch fetch)
    {
        public Source
        {
            requireNonNull(endpoint, "endpoint is null");
            requireNonNull(absent, "absent is null");
            requireNonNull(fetch, "fetch is null");
            if (pageSize < 1) {
                throw new IllegalArgumentException("pageSize must be positive: " + pageSize);
            }
        }
    }

    /**
     * Fetches one page of trades.
     */
    @FunctionalInterface
    public interface Fetch
    {
        /**
         * @param fromId the first trade id wanted, inclusive
         * @param count at most this many
         * @return the trades, in any order, marked backfilled
         */
        CompletableFuture<List<Trade>> fetch(Instrument instrument, long fromId, int count);
    }

    /**
     * @param limit the most trades fetched for one gap; 0 reports every gap without fetching
     * @param policy paces the retries of failed requests
     */
    public GapFreeTrades(Source source, int limit, EventSink sink, VenueStatus status, ScheduledExecutorService scheduler, ReconnectPolicy policy, Metrics metrics)
    {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        this.source = requireNonNull(source, "source is null");
        this.limit = limit;
        this.sink = requireNonNull(sink, "sink is null");
        this.status = requireNonNull(status, "status is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.duplicates = metrics.counter("trades.duplicates");
        this.gaps = metrics.counter("trades.gaps");
        this.backfilled = metrics.counter("trades.backfilled");
        this.missed = metrics.counter("trades.missed");
        this.requests = metrics.counter("trades.backfill-requests");
    }

    /**
     * A trade received live.
     */
    public synchronized void live(Trade trade)
    {
        if (closed) {
            return;
        }
        long id;
        try {
            id = Long.parseLong(trade.tradeId());
        }
        catch (NumberFormatException e) {
            sink.accept(trade);
            return;
        }
        InstrumentTrades trades = instruments.computeIfAbsent(trade.instrument(), InstrumentTrades::new);
        if (trades.backfilling) {
            hold(trades, id, trade);
        }
        else if (trades.last < 0 || id == trades.last + 1) {
            emit(trades, id, trade);
        }
        else if (id <= trades.last) {
            duplicates.inc();
        }
        else {
            hold(trades, id, trade);
            backfill(trades);
        }
    }

    /**
     * The instrument's stream was down (a reconnect, a silent trade stream): fetches the trades
     * that followed the last one emitted, if any was. Live trades arriving meanwhile are held and
     * follow in order.
     */
    public synchronized void catchUp(Instrument instrument)
    {
        InstrumentTrades trades = instruments.get(instrument);
        if (closed || trades == null || trades.last < 0 || trades.backfilling || limit == 0 || !source.byId()) {
            return;
        }
        trades.backfilling = true;
        trades.failures = 0;
        backfillRequests.add(trades);
    }

    /**
     * @return the id of the last trade emitted for the instrument, or -1 before the first
     */
    public synchronized long lastId(Instrument instrument)
    {
        InstrumentTrades trades = instruments.get(instrument);
        return trades == null ? -1 : trades.last;
    }

    /**
     * Continues from a trade id emitted earlier (the last a store holds), so that the first live
     * trade after a restart reveals, and fetches, what was missed in between. Ignored once the
     * instrument has trades.
     */
    public synchronized void resumeAfter(Instrument instrument, long lastId)
    {
        InstrumentTrades trades = instruments.computeIfAbsent(instrument, InstrumentTrades::new);
        if (trades.last < 0) {
            trades.last = lastId;
        }
    }

    /**
     * Stops emitting and fetching. Takes no lock, so it never waits for a trade being emitted;
     * requests and retries still pending see the flag and end.
     */
    public void close()
    {
        closed = true;
    }

    private void hold(InstrumentTrades trades, long id, Trade trade)
    {
        // a trade inside the gap being fetched comes with the backfill
        boolean fetched = trades.backfilling && !trades.held.isEmpty() && id < trades.held.firstKey();
        if (id <= trades.last || fetched || trades.held.putIfAbsent(id, trade) != null) {
            duplicates.inc();
            return;
        }
        if (trades.held.size() > MAX_HELD) {
            // the gap grows by the trade let go; the backfill fetches it with the rest
            trades.held.pollFirstEntry();
        }
    }

    /**
     * Starts filling the gap between the last trade emitted and the first one held.
     */
    private void backfill(InstrumentTrades trades)
    {
        gaps.inc();
        long first = trades.last + 1;
        long last = trades.held.firstKey() - 1;
        if (last - first + 1 > limit) {
            long notFetched = last - limit;
            missing(trades, first, notFetched, limit == 0
                    ? "trade backfill is off (trade-backfill-limit = 0)"
                    : "more than trade-backfill-limit = " + limit + " trades were missed; only the latest are fetched");
            trades.last = notFetched;
        }
        if (trades.last >= last) {
            release(trades);
            return;
        }
        log.debug("{}: trades {} to {} missed; fetching them from {}", trades.instrument, trades.last + 1, last, source.endpoint());
        trades.backfilling = true;
        trades.failures = 0;
        backfillRequests.add(trades);
    }

    /**
     * Emits the held trades that follow the last one emitted, until another gap.
     */
    private void release(InstrumentTrades trades)
    {
        while (!trades.held.isEmpty()) {
            Map.Entry<Long, Trade> next = trades.held.firstEntry();
            long id = next.getKey();
            if (id > trades.last + 1) {
                backfill(trades);
                return;
            }
            trades.held.pollFirstEntry();
            if (id <= trades.last) {
                duplicates.inc();
            }
            else {
                emit(trades, id, next.getValue());
            }
        }
    }

    private long target(InstrumentTrades trades)
    {
        return trades.held.isEmpty() ? OPEN_END : trades.held.firstKey() - 1;
    }

    private void sendBackfillRequest(InstrumentTrades trades)
    {
        long from = trades.last + 1;
        if (target(trades) < from) {
            // live trades that arrived while the request waited its turn closed the gap
            trades.backfilling = false;
            release(trades);
            backfillRequests.completed();
            return;
        }
        int count = (int) Math.min(source.pageSize(), target(trades) - from + 1);
        requests.inc();
        CompletableFuture<List<Trade>> page;
        try {
            page = source.fetch().fetch(trades.instrument, from, count);
        }
        catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        page.whenComplete((fetched, failure) -> arrived(trades, count, fetched, failure));
    }

    private synchronized void arrived(InstrumentTrades trades, int requested, List<Trade> fetched, Throwable failure)
    {
        try {
            if (closed) {
                return;
            }
            long last = target(trades);
            if (failure != null) {
                failed(trades, last, VenueRestClient.cause(failure));
                return;
            }
            trades.failures = 0;
            long before = trades.last;
            apply(trades, fetched, last);
            if (trades.last < last) {
                if (source.byId() && fetched.size() >= requested && trades.last > before) {
                    backfillRequests.add(trades);
                    return;
                }
                if (last != OPEN_END) {
                    missing(trades, trades.last + 1, last, source.absent());
                    trades.last = last;
                }
            }
            trades.backfilling = false;
            release(trades);
        }
        finally {
            backfillRequests.completed();
        }
    }

    /**
     * Emits the fetched trades that fall into the gap, in id order, reporting ids the venue did not return.
     */
    private void apply(InstrumentTrades trades, List<Trade> fetched, long last)
    {
        if (last <= trades.last) {
            // live trades that arrived meanwhile closed the gap
            return;
        }
        TreeMap<Long, Trade> byId = new TreeMap<>();
        for (Trade trade : fetched) {
            try {
                byId.put(Long.parseLong(trade.tradeId()), trade);
            }
            catch (NumberFormatException e) {
                log.debug("{}: fetched trade id {} is not an integer; left out", trades.instrument, trade.tradeId());
            }
        }
        for (Map.Entry<Long, Trade> entry : byId.tailMap(trades.last, false).headMap(last, true).entrySet()) {
            long id = entry.getKey();
            if (id > trades.last + 1) {
                missing(trades, trades.last + 1, id - 1, source.absent());
            }
            backfilled.inc();
            emit(trades, id, entry.getValue());
        }
    }

    private void failed(InstrumentTrades trades, long last, Throwable cause)
    {
        int failures = ++trades.failures;
        if (failures >= MAX_FAILURES || !VenueRestClient.retryable(cause)) {
            String why = source.endpoint() + " failed" + (failures > 1 ? " " + failures + " times in a row" : "") + ": " + cause.getMessage();
            if (last == OPEN_END) {
                log.warn("{}: trades after {} not fetched after a reconnect: {}", trades.instrument, trades.last, why);
                status.report(SourceStatus.Kind.GAP, trades.instrument, "trades after " + trades.last + " may be missing: " + why);
            }
            else {
                missing(trades, trades.last + 1, last, why);
                trades.last = last;
            }
            trades.backfilling = false;
            release(trades);
            return;
        }
        Duration delay = policy.backoff(failures);
        log.debug("{}: {} failed ({}); trying again in {} ms", trades.instrument, source.endpoint(), cause.getMessage(), delay.toMillis());
        try {
            scheduler.schedule(() -> retryDue(trades), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException e) {
            log.debug("{}: scheduler is shut down; no further backfill", trades.instrument);
        }
    }

    private synchronized void retryDue(InstrumentTrades trades)
    {
        if (!closed) {
            backfillRequests.add(trades);
        }
    }

    private void missing(InstrumentTrades trades, long first, long last, String why)
    {
        long count = last - first + 1;
        missed.inc(count);
        String reason = (count == 1 ? "trade " + first : "trades " + first + " to " + last + " (" + count + ")") + " missed and not fetched: " + why;
        log.warn("{}: {}", trades.instrument, reason);
        status.report(SourceStatus.Kind.GAP, trades.instrument, reason);
    }

    private void emit(InstrumentTrades trades, long id, Trade trade)
    {
        trades.last = id;
        sink.accept(trade);
    }

    private static final class InstrumentTrades
    {
        private final Instrument instrument;
        // live trades waiting for a backfill, by id
        private final TreeMap<Long, Trade> held = new TreeMap<>();
        // the id of the last trade emitted, -1 before the first
        private long last = -1;
        private boolean backfilling;
        private int failures;

        InstrumentTrades(Instrument instrument)
        {
            this.instrument = instrument;
        }
    }
}
