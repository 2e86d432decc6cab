package io.marketpipe.binance;

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
 * Keeps each symbol's live trades gap-free and free of duplicates. Binance numbers a symbol's
 * trades consecutively ({@code t} of {@code @trade}, {@code a} of {@code @aggTrade}), so a live
 * trade more than one past the last one emitted shows that trades were missed: during a
 * reconnect, or in a frame lost on the way. Its live trades are then held back while the missing
 * ones are fetched over REST and emitted in order, marked backfilled; then the held trades follow.
 * A trade whose id was emitted already, or is being fetched, is dropped as a duplicate
 * ({@code trades.duplicates}).
 *
 * <ul>
 *   <li>{@code aggTrade}: {@code aggTrades} from the first missing id, on every market;</li>
 *   <li>{@code trade} on spot: {@code historicalTrades} from the first missing id;</li>
 *   <li>{@code trade} on futures, where {@code historicalTrades} needs an API key: the latest
 *       {@value #PAGE_SIZE} trades, which cover a short gap.</li>
 * </ul>
 *
 * Trades that cannot be fetched (beyond {@code trade-backfill-limit}, older than the recent trades,
 * absent at the venue, or after {@value #MAX_FAILURES} failed requests) are reported as a
 * {@code GAP} status naming the first and last missing id, and counted in {@code trades.missed}.
 *
 * <p>Requests go one at a time, in order, through the rate-limited transport, so that many symbols
 * reconnecting together do not send a burst. All methods but {@link #close()} are synchronized:
 * trades arrive on the connections' threads, REST answers on the transport's.
 */
final class BinanceTradeSync
{
    /** Trades asked for per request: the most Binance returns. */
    static final int PAGE_SIZE = 1000;
    /** Failed requests in a row for one gap after which it is reported instead of fetched. */
    static final int MAX_FAILURES = 5;
    /** Live trades held per symbol during a backfill; beyond it the oldest are fetched over REST instead. */
    static final int MAX_HELD = 100_000;

    private static final Logger log = LoggerFactory.getLogger(BinanceTradeSync.class);

    private final Source source;
    private final int limit;
    private final BinanceRestClient rest;
    private final EventSink sink;
    private final BinanceStatus status;
    private final ScheduledExecutorService scheduler;
    private final ReconnectPolicy policy;
    private final Metrics.Counter duplicates;
    private final Metrics.Counter gaps;
    private final Metrics.Counter backfilled;
    private final Metrics.Counter missed;
    private final Metrics.Counter requests;

    private final Map<String, SymbolTrades> symbols = new HashMap<>();
    private volatile boolean closed;
    private final SerialRequests<SymbolTrades> backfillRequests = new SerialRequests<>(this::sendBackfillRequest, () -> closed);

    /**
     * @param tradeStream {@code trade} or {@code aggTrade}
     * @param limit the most trades fetched for one gap; 0 reports every gap without fetching
     * @param policy paces the retries of failed requests
     */
    BinanceTradeSync(
            BinanceMarket market,
            String tradeStream,
            int limit,
            BinanceRestClient rest,
            EventSink sink,
            BinanceStatus status,
            ScheduledExecutorService scheduler,
            ReconnectPolicy policy,
            Metrics metrics)
    {
        requireNonNull(market, "market is null");
        requireNonNull(tradeStream, "tradeStream is null");
        if (limit < 0) {
            throw new IllegalArgumentException("limit is negative: " + limit);
        }
        this.source = tradeStream.equals("aggTrade") ? Source.AGG_TRADES : market.isFutures() ? Source.RECENT_TRADES : Source.HISTORICAL_TRADES;
        this.limit = limit;
        this.rest = requireNonNull(rest, "rest is null");
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
    synchronized void live(Trade trade)
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
        SymbolTrades symbol = symbols.computeIfAbsent(trade.instrument().nativeSymbol(), ignored -> new SymbolTrades(trade.instrument()));
        if (symbol.backfilling) {
            hold(symbol, id, trade);
        }
        else if (symbol.last < 0 || id == symbol.last + 1) {
            emit(symbol, id, trade);
        }
        else if (id <= symbol.last) {
            duplicates.inc();
        }
        else {
            hold(symbol, id, trade);
            backfill(symbol);
        }
    }

    /**
     * Stops emitting and fetching. Takes no lock, so it never waits for a trade being emitted
     * (which a full consumer may hold up); requests and retries still pending see the flag and end.
     */
    void close()
    {
        closed = true;
    }

    private void hold(SymbolTrades symbol, long id, Trade trade)
    {
        // a trade inside the gap being fetched comes with the backfill
        boolean fetched = symbol.backfilling && id < symbol.held.firstKey();
        if (id <= symbol.last || fetched || symbol.held.putIfAbsent(id, trade) != null) {
            duplicates.inc();
            return;
        }
        if (symbol.held.size() > MAX_HELD) {
            // the gap grows by the trade let go; the backfill fetches it with the rest
            symbol.held.pollFirstEntry();
        }
    }

    /**
     * Starts filling the gap between the last trade emitted and the first one held.
     */
    private void backfill(SymbolTrades symbol)
    {
        gaps.inc();
        long first = symbol.last + 1;
        long last = symbol.held.firstKey() - 1;
        if (last - first + 1 > limit) {
            long notFetched = last - limit;
            missing(symbol, first, notFetched, limit == 0
                    ? "trade backfill is off (trade-backfill-limit = 0)"
                    : "more than trade-backfill-limit = " + limit + " trades were missed; only the latest are fetched");
            symbol.last = notFetched;
        }
        if (symbol.last >= last) {
            release(symbol);
            return;
        }
        log.debug("{}: trades {} to {} missed; fetching them from {}", symbol.instrument, symbol.last + 1, last, source.endpoint);
        symbol.backfilling = true;
        symbol.failures = 0;
        backfillRequests.add(symbol);
    }

    /**
     * Emits the held trades that follow the last one emitted, until another gap.
     */
    private void release(SymbolTrades symbol)
    {
        while (!symbol.held.isEmpty()) {
            Map.Entry<Long, Trade> next = symbol.held.firstEntry();
            long id = next.getKey();
            if (id > symbol.last + 1) {
                backfill(symbol);
                return;
            }
            symbol.held.pollFirstEntry();
            if (id <= symbol.last) {
                duplicates.inc();
            }
            else {
                emit(symbol, id, next.getValue());
            }
        }
    }

    private void sendBackfillRequest(SymbolTrades symbol)
    {
        long from = symbol.last + 1;
        int count = (int) Math.min(PAGE_SIZE, symbol.held.firstKey() - from);
        requests.inc();
        CompletableFuture<List<Trade>> page;
        try {
            page = fetch(symbol.instrument, from, count);
        }
        catch (RuntimeException e) {
            page = CompletableFuture.failedFuture(e);
        }
        page.whenComplete((trades, failure) -> arrived(symbol, count, trades, failure));
    }

    private CompletableFuture<List<Trade>> fetch(Instrument instrument, long from, int count)
    {
        switch (source) {
            case AGG_TRADES:
                return rest.aggTrades(instrument, from, count);
            case HISTORICAL_TRADES:
                return rest.historicalTrades(instrument, from, count);
            default:
                return rest.recentTrades(instrument, PAGE_SIZE);
        }
    }

    private synchronized void arrived(SymbolTrades symbol, int requested, List<Trade> trades, Throwable failure)
    {
        try {
            if (closed) {
                return;
            }
            long last = symbol.held.firstKey() - 1;
            if (failure != null) {
                failed(symbol, last, BinanceRestClient.cause(failure));
                return;
            }
            symbol.failures = 0;
            long before = symbol.last;
            apply(symbol, trades, last);
            if (symbol.last < last) {
                if (source != Source.RECENT_TRADES && trades.size() >= requested && symbol.last > before) {
                    backfillRequests.add(symbol);
                    return;
                }
                missing(symbol, symbol.last + 1, last, source.absent);
                symbol.last = last;
            }
            symbol.backfilling = false;
            release(symbol);
        }
        finally {
            backfillRequests.completed();
        }
    }

    /**
     * Emits the fetched trades that fall into the gap, in id order, reporting ids the venue did not return.
     */
    private void apply(SymbolTrades symbol, List<Trade> trades, long last)
    {
        TreeMap<Long, Trade> byId = new TreeMap<>();
        for (Trade trade : trades) {
            byId.put(Long.parseLong(trade.tradeId()), trade);
        }
        for (Map.Entry<Long, Trade> entry : byId.tailMap(symbol.last, false).headMap(last, true).entrySet()) {
            long id = entry.getKey();
            if (id > symbol.last + 1) {
                missing(symbol, symbol.last + 1, id - 1, source.absent);
            }
            backfilled.inc();
            emit(symbol, id, entry.getValue());
        }
    }

    private void failed(SymbolTrades symbol, long last, Throwable cause)
    {
        int failures = ++symbol.failures;
        if (failures >= MAX_FAILURES || !retryable(cause)) {
            missing(symbol, symbol.last + 1, last, source.endpoint + " failed" + (failures > 1 ? " " + failures + " times in a row" : "") + ": " + cause.getMessage());
            symbol.last = last;
            symbol.backfilling = false;
            release(symbol);
            return;
        }
        Duration delay = policy.backoff(failures);
        log.debug("{}: {} failed ({}); trying again in {} ms", symbol.instrument, source.endpoint, cause.getMessage(), delay.toMillis());
        try {
            scheduler.schedule(() -> retryDue(symbol), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException e) {
            log.debug("{}: scheduler is shut down; no further backfill", symbol.instrument);
        }
    }

    private synchronized void retryDue(SymbolTrades symbol)
    {
        if (!closed) {
            backfillRequests.add(symbol);
        }
    }

    /**
     * A server error, a throttle or a lost connection may pass; any other refusal (an API key
     * needed, an unknown symbol) or an unreadable answer will not.
     */
    private static boolean retryable(Throwable cause)
    {
        if (cause instanceof BinanceRestException rejected) {
            int status = rejected.status();
            return status >= 500 || status == 429 || status == 418;
        }
        return !(cause instanceof BinanceDecodeException);
    }

    private void missing(SymbolTrades symbol, long first, long last, String why)
    {
        long count = last - first + 1;
        missed.inc(count);
        String reason = (count == 1 ? "trade " + first : "trades " + first + " to " + last + " (" + count + ")") + " missed and not fetched: " + why;
        log.warn("{}: {}", symbol.instrument, reason);
        status.report(SourceStatus.Kind.GAP, symbol.instrument, reason);
    }

    private void emit(SymbolTrades symbol, long id, Trade trade)
    {
        symbol.last = id;
        sink.accept(trade);
    }

    /**
     * Where missed trades are fetched from.
     */
    private enum Source
    {
        AGG_TRADES("aggTrades", "Binance returned no aggregate trades with these ids"),
        HISTORICAL_TRADES("historicalTrades", "Binance returned no trades with these ids"),
        RECENT_TRADES("the recent trades", "older than the " + PAGE_SIZE + " recent trades Binance serves futures clients without an API key");

        private final String endpoint;
        private final String absent;

        Source(String endpoint, String absent)
        {
            this.endpoint = endpoint;
            this.absent = absent;
        }
    }

    private static final class SymbolTrades
    {
        private final Instrument instrument;
        // live trades waiting for a backfill, by id
        private final TreeMap<Long, Trade> held = new TreeMap<>();
        // the id of the last trade emitted, -1 before the first
        private long last = -1;
        private boolean backfilling;
        private int failures;

        SymbolTrades(Instrument instrument)
        {
            this.instrument = instrument;
        }
    }
}
