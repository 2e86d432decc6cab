package io.marketpipe.binance;

import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams one Binance market: trades, quotes, tickers, verified books, candles and funding rates
 * of the configured symbols, over as many combined-stream connections as the stream limit needs.
 *
 * <p>Each connection is replaced before Binance's 24-hour cut and as soon as Binance announces a
 * {@code serverShutdown}; one that drops is reopened after the runtime's backoff, unless the
 * source's circuit breaker holds attempts back (its transitions are reported as
 * {@code CIRCUIT_*} statuses). Either way the books of its symbols are rebuilt from fresh
 * snapshots and the trades missed meanwhile are fetched over REST ({@link BinanceTradeSync}).
 * Binance's WebSocket pings are protocol frames, which the transport answers; Binance expects no
 * application-level heartbeat on market streams.
 *
 * <p>A watchdog looks at each connection every half {@code stale-after}: one that has delivered
 * nothing since is asked for its subscriptions ({@code LIST_SUBSCRIPTIONS}), which a live
 * connection answers; one that stays silent for {@code stale-after} is dropped and reopened (a
 * connection whose reader is held up handing a frame to a full consumer is not silent). A
 * stream silent for {@code stream-stale-after} on a live connection is unsubscribed and
 * subscribed again. Both are reported as {@code STALE} statuses.
 *
 * <p>A frame that cannot be decoded is counted ({@code frames.invalid}) and reported as a
 * {@code DECODE_ERROR} status (the first, then every {@value #DECODE_ERROR_REPORT_EVERY}th); it
 * never stops the connection or other symbols.
 */
final class BinanceConnector
        implements Connector
{
    static final int DECODE_ERROR_REPORT_EVERY = 100;

    private static final Logger log = LoggerFactory.getLogger(BinanceConnector.class);
    private static final int NORMAL_CLOSURE = 1000;
    private static final int FRAME_EXCERPT = 120;

    private static final int MAX_KLINES_PER_REQUEST = 1000;

    private final BinanceConfig config;
    private final ConnectorContext context;
    private final BinanceStatus status;
    private final ReconnectPolicy policy;
    private final BinanceRestClient rest;
    private final BinanceDepthSync depth;
    private final BinanceTradeSync trades;
    private final BinanceDecoder decoder;
    private final Watchdog watchdog;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Metrics.Counter framesReceived;
    private final Metrics.Counter framesInvalid;
    private final Metrics.Counter framesIgnored;
    private final Metrics.Counter framesFailed;
    private final Metrics.Counter reconnects;
    private final Metrics.Counter staleConnections;
    private final Metrics.Counter probes;
    private final Metrics.Counter resubscribedStreams;
    private final AtomicLong invalidFrames = new AtomicLong();
    private final AtomicLong failedFrames = new AtomicLong();
    private final AtomicLong requestIds = new AtomicLong();

    private final Object lock = new Object();
    // guarded by lock
    private final List<Connection> connections = new ArrayList<>();
    private boolean started;
    private boolean closed;

    BinanceConnector(BinanceConfig config, ConnectorContext context)
    {
        this.config = requireNonNull(config, "config is null");
        this.context = requireNonNull(context, "context is null");
        Metrics metrics = context.metrics();
        this.status = new BinanceStatus(context.name(), config.market(), context.sink(), context.clock());
        this.policy = context.reconnectPolicy(
                new ReconnectPolicy.Settings(config.reconnectBackoffMin(), config.reconnectBackoffMax(), config.circuitBreakerThreshold(), config.circuitBreakerOpen()),
                this::circuitTransition);
        this.rest = new BinanceRestClient(config.market(), config.restUrl(), context.rest(), context.scheduler(), context.clock(), config.reconnectBackoffMin(), metrics);
        this.depth = new BinanceDepthSync(
                config.market(),
                config.bookDepth(),
                rest,
                context.books(),
                BookOptions.DEFAULT.withPublishDepth(config.publishDepth()),
                context.scheduler(),
                policy,
                metrics);
        this.trades = new BinanceTradeSync(config.market(), config.tradeStream(), config.tradeBackfillLimit(), rest, context.sink(), status, context.scheduler(), policy, metrics);
        this.decoder = new BinanceDecoder(this::instrument);
        this.watchdog = Watchdog.of(config.staleAfter(), config.streamStaleAfter());
        this.framesReceived = metrics.counter("frames.received");
        this.framesInvalid = metrics.counter("frames.invalid");
        this.framesIgnored = metrics.counter("frames.ignored");
        this.framesFailed = metrics.counter("frames.failed");
        this.reconnects = metrics.counter("connections.reconnects");
        this.staleConnections = metrics.counter("connections.stale");
        this.probes = metrics.counter("connections.probes");
        this.resubscribedStreams = metrics.counter("streams.resubscribed");
        for (Instrument instrument : config.instruments()) {
            instruments.put(instrument.nativeSymbol(), instrument);
        }
    }

    @Override
    public void start()
    {
        synchronized (lock) {
            if (started || closed) {
                return;
            }
            started = true;
        }
        if (!config.exchangeInfo()) {
            connect();
            return;
        }
        List<String> symbols = config.instruments().stream().map(Instrument::nativeSymbol).collect(Collectors.toList());
        rest.exchangeInfo(symbols).whenComplete((loaded, failure) -> {
            try {
                register(loaded, failure);
                connect();
            }
            catch (RuntimeException e) {
                log.error("Binance connector {} failed to connect", context.name(), e);
            }
        });
    }

    /**
     * Closed klines from REST, newest page first as the SPI asks; 1000 per request, the spot maximum.
     */
    @Override
    public Optional<HistoricalCandles> candleHistory()
    {
        return Optional.of((instrument, interval, endMillis, limit) -> {
            int page = Math.min(limit, MAX_KLINES_PER_REQUEST);
            long start = Math.max(0, endMillis - page * interval.millis());
            return rest.klines(instrument, interval, start, endMillis - 1, page)
                    .thenApply(candles -> candles.stream().filter(candle -> candle.closed() && candle.openTimeMillis() < endMillis).collect(Collectors.toList()));
        });
    }

    @Override
    public List<Instrument> instruments()
    {
        return config.instruments().stream().map(instrument -> instrument(instrument.nativeSymbol())).collect(Collectors.toList());
    }

    @Override
    public void close()
    {
        List<WebSocketConnection> open = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection connection : connections) {
                connection.generation++;
                connection.cancelTimers();
                if (connection.socket != null) {
                    open.add(connection.socket);
                    connection.socket = null;
                }
            }
        }
        depth.close();
        trades.close();
        for (WebSocketConnection socket : open) {
            try {
                socket.close(NORMAL_CLOSURE, "connector closed");
            }
            catch (RuntimeException e) {
                log.debug("Closing {} failed", socket.url(), e);
            }
            status.report(SourceStatus.Kind.DISCONNECTED, null, "connector closed");
        }
    }

    private Instrument instrument(String nativeSymbol)
    {
        return instruments.computeIfAbsent(nativeSymbol, symbol -> BinanceSymbols.fromNative(config.market(), symbol));
    }

    private void register(Map<String, Instrument> loaded, Throwable failure)
    {
        if (failure != null) {
            String reason = "exchangeInfo unavailable (" + BinanceRestClient.cause(failure).getMessage() + "); instruments are split from native symbols by known quote assets";
            log.info("Binance connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
            return;
        }
        List<String> missing = new ArrayList<>();
        for (Instrument configured : config.instruments()) {
            Instrument listed = loaded.get(configured.nativeSymbol());
            if (listed == null) {
                missing.add(configured.nativeSymbol());
            }
            else {
                instruments.put(configured.nativeSymbol(), listed);
            }
        }
        if (!missing.isEmpty()) {
            String reason = "exchangeInfo does not list " + String.join(", ", missing) + " on " + config.market().configName();
            log.warn("Binance connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
        }
    }

    private void connect()
    {
        List<Connection> created = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (BinanceStreams.Shard shard : BinanceStreams.shards(config, instruments())) {
                Connection connection = new Connection(shard);
                connections.add(connection);
                created.add(connection);
            }
        }
        created.forEach(Connection::open);
    }

    private void circuitTransition(ReconnectPolicy.State from, ReconnectPolicy.State to, String reason)
    {
        SourceStatus.Kind kind;
        switch (to) {
            case OPEN:
                kind = SourceStatus.Kind.CIRCUIT_OPEN;
                break;
            case HALF_OPEN:
                kind = SourceStatus.Kind.CIRCUIT_HALF_OPEN;
                break;
            default:
                kind = SourceStatus.Kind.CIRCUIT_CLOSED;
        }
        status.report(kind, null, reason);
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay)
    {
        try {
            return context.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException e) {
            log.debug("Binance connector {}: scheduler is shut down", context.name());
            return null;
        }
    }

    private String request(String method, List<String> params)
    {
        String list = params.stream().map(param -> "\"" + param + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"method\":\"" + method + "\"" + (params.isEmpty() ? "" : ",\"params\":" + list) + ",\"id\":" + requestIds.incrementAndGet() + "}";
    }

    private void decodeError(String text, BinanceDecodeException error)
    {
        framesInvalid.inc();
        long count = invalidFrames.incrementAndGet();
        if (count == 1 || count % DECODE_ERROR_REPORT_EVERY == 0) {
            String excerpt = text.length() > FRAME_EXCERPT ? text.substring(0, FRAME_EXCERPT) + "..." : text;
            String reason = error.getMessage() + " (" + count + " undecodable frame" + (count == 1 ? "" : "s") + " so far); frame: " + excerpt;
            log.warn("Binance connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.DECODE_ERROR, null, reason);
        }
    }

    /**
     * How often connections are looked at and after how many silent looks they, or one of their
     * streams, count as stale; a count of 0 turns that check off.
     */
    private record Watchdog(Duration period, int connectionLooks, int streamLooks)
    {
        static Watchdog of(Duration staleAfter, Duration streamStaleAfter)
        {
            long connection = staleAfter.toNanos();
            long stream = streamStaleAfter.toNanos();
            long shortest = connection == 0 ? stream : stream == 0 ? connection : Math.min(connection, stream);
            if (shortest == 0) {
                return new Watchdog(Duration.ZERO, 0, 0);
            }
            long period = Math.max(1, shortest / 2);
            return new Watchdog(Duration.ofNanos(period), looks(connection, period), looks(stream, period));
        }

        private static int looks(long staleNanos, long period)
        {
            return staleNanos == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (staleNanos + period - 1) / period);
        }

        boolean enabled()
        {
            return connectionLooks > 0 || streamLooks > 0;
        }
    }

    /**
     * One combined-stream connection and its successors.
     */
    private final class Connection
    {
        private final BinanceStreams.Shard shard;
        private final Map<String, Integer> streamIndex = new HashMap<>();
        // written under lock; read without it to drop frames of a replaced connection
        private volatile long generation;
        // an attempt whose outcome the reconnect policy has not heard; written under lock
        private volatile boolean attempting;
        // guarded by lock
        private WebSocketConnection socket;
        private int failures;
        private ScheduledFuture<?> timer;
        private ScheduledFuture<?> watch;
        private long framesAtLook;
        private int silentLooks;
        private final long[] streamFramesAtLook;
        private final int[] streamSilentLooks;
        // counted on the connection's reader thread, looked at by the watchdog
        private final AtomicLong frames = new AtomicLong();
        private final AtomicLongArray streamFrames;
        // a frame is being handled: a reader held up by a full consumer is not a silent venue
        private volatile boolean busy;

        Connection(BinanceStreams.Shard shard)
        {
            this.shard = shard;
            for (String stream : shard.streams()) {
                streamIndex.put(stream, streamIndex.size());
            }
            this.streamFrames = new AtomicLongArray(shard.streams().size());
            this.streamFramesAtLook = new long[shard.streams().size()];
            this.streamSilentLooks = new int[shard.streams().size()];
        }

        void open()
        {
            long attempt;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                attempt = ++generation;
                timer = null;
            }
            Duration wait = policy.tryAttempt();
            synchronized (lock) {
                if (closed || generation != attempt) {
                    return;
                }
                if (!wait.isZero()) {
                    // the circuit breaker holds attempts back; ask again when it may let one through
                    timer = schedule(this::open, wait);
                    return;
                }
                attempting = true;
            }
            Listener listener = new Listener(this, attempt);
            try {
                context.webSockets().connect(shard.url(), listener);
            }
            catch (RuntimeException e) {
                lost(attempt, "cannot connect: " + e);
            }
        }

        void opened(long attempt, WebSocketConnection connected)
        {
            synchronized (lock) {
                if (!closed && generation == attempt) {
                    socket = connected;
                    cancelTimers();
                    timer = schedule(() -> replace(attempt, "reconnecting before Binance's 24h connection limit"), config.reconnectBefore());
                    watch(attempt);
                    connected = null;
                }
            }
            if (connected != null) {
                connected.close(NORMAL_CLOSURE, "superseded");
                return;
            }
            status.report(SourceStatus.Kind.CONNECTED, null, "connection " + shard.index() + " open with " + shard.streams().size() + " streams of "
                    + shard.instruments().size() + " symbols");
        }

        /**
         * A frame of this attempt arrived: the first one tells the policy the attempt succeeded.
         */
        void received(long attempt)
        {
            frames.incrementAndGet();
            if (!attempting) {
                return;
            }
            synchronized (lock) {
                if (!attempting || generation != attempt) {
                    return;
                }
                attempting = false;
                failures = 0;
            }
            policy.succeeded();
        }

        void streamReceived(String stream)
        {
            Integer index = streamIndex.get(stream);
            if (index != null) {
                streamFrames.incrementAndGet(index);
            }
        }

        /**
         * The connection closed or failed without being asked to.
         */
        void lost(long attempt, String reason)
        {
            Duration delay;
            boolean attemptFailed;
            synchronized (lock) {
                if (closed || generation != attempt) {
                    return;
                }
                generation++;
                socket = null;
                cancelTimers();
                attemptFailed = attempting;
                attempting = false;
                failures++;
                delay = policy.backoff(failures);
                timer = schedule(() -> reopen(reason), delay);
            }
            status.report(SourceStatus.Kind.DISCONNECTED, null, "connection " + shard.index() + " " + reason + "; reconnecting in " + delay.toMillis() + " ms");
            if (attemptFailed) {
                policy.failed("connection " + shard.index() + " " + reason);
            }
            depth.disconnected(shard.instruments(), reason);
        }

        private void reopen(String reason)
        {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                timer = null;
            }
            reconnects.inc();
            status.report(SourceStatus.Kind.RECONNECTING, null, "connection " + shard.index() + " reconnecting after: " + reason);
            open();
        }

        /**
         * Replaces a healthy connection at once: before the 24h cut, or when Binance announces a shutdown.
         */
        void replace(long attempt, String reason)
        {
            WebSocketConnection old;
            boolean attemptOpen;
            synchronized (lock) {
                if (closed || generation != attempt) {
                    return;
                }
                generation++;
                old = socket;
                socket = null;
                cancelTimers();
                attemptOpen = attempting;
                attempting = false;
            }
            if (attemptOpen) {
                // it opened, which is all a replaced connection is asked to do
                policy.succeeded();
            }
            reconnects.inc();
            status.report(SourceStatus.Kind.RECONNECTING, null, "connection " + shard.index() + " " + reason);
            if (old != null) {
                old.close(NORMAL_CLOSURE, reason);
            }
            depth.disconnected(shard.instruments(), reason);
            open();
        }

        // guarded by lock
        private void watch(long attempt)
        {
            if (!watchdog.enabled()) {
                return;
            }
            framesAtLook = frames.get();
            silentLooks = 0;
            for (int i = 0; i < streamSilentLooks.length; i++) {
                streamFramesAtLook[i] = streamFrames.get(i);
                streamSilentLooks[i] = 0;
            }
            watch = schedule(() -> look(attempt), watchdog.period());
        }

        /**
         * The watchdog's look: probes a connection gone quiet, drops one that stayed quiet, and
         * subscribes again to streams gone quiet on a live connection.
         */
        private void look(long attempt)
        {
            WebSocketConnection current;
            boolean stale;
            boolean probe;
            long silentMillis;
            List<String> quietStreams = new ArrayList<>();
            synchronized (lock) {
                if (closed || generation != attempt || socket == null) {
                    return;
                }
                current = socket;
                long seen = frames.get();
                silentLooks = seen == framesAtLook && !busy ? silentLooks + 1 : 0;
                framesAtLook = seen;
                silentMillis = watchdog.period().multipliedBy(silentLooks).toMillis();
                int connectionLooks = watchdog.connectionLooks();
                stale = connectionLooks > 0 && silentLooks >= connectionLooks;
                probe = connectionLooks > 0 && !stale && silentLooks == Math.max(1, connectionLooks / 2);
                if (watchdog.streamLooks() > 0 && (connectionLooks == 0 || silentLooks == 0)) {
                    for (int i = 0; i < streamSilentLooks.length; i++) {
                        long streamSeen = streamFrames.get(i);
                        streamSilentLooks[i] = streamSeen == streamFramesAtLook[i] ? streamSilentLooks[i] + 1 : 0;
                        streamFramesAtLook[i] = streamSeen;
                        if (streamSilentLooks[i] >= watchdog.streamLooks()) {
                            quietStreams.add(shard.streams().get(i));
                            streamSilentLooks[i] = 0;
                        }
                    }
                }
                if (!stale) {
                    watch = schedule(() -> look(attempt), watchdog.period());
                }
            }
            if (stale) {
                staleConnections.inc();
                String reason = "delivered nothing for " + silentMillis + " ms";
                status.report(SourceStatus.Kind.STALE, null, "connection " + shard.index() + " " + reason + "; dropping it");
                lost(attempt, reason);
                current.cancel();
                return;
            }
            if (probe) {
                probes.inc();
                current.send(request("LIST_SUBSCRIPTIONS", List.of()));
            }
            if (!quietStreams.isEmpty()) {
                resubscribedStreams.inc(quietStreams.size());
                current.send(request("UNSUBSCRIBE", quietStreams));
                current.send(request("SUBSCRIBE", quietStreams));
                status.report(SourceStatus.Kind.STALE, null, "connection " + shard.index() + ": " + String.join(", ", quietStreams) + " delivered nothing for "
                        + watchdog.period().multipliedBy(watchdog.streamLooks()).toMillis() + " ms; subscribed again");
            }
        }

        // guarded by lock
        private void cancelTimers()
        {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
        }
    }

    /**
     * The events of one connection attempt; once the attempt is replaced they are ignored.
     */
    private final class Listener
            implements WebSocketListener, BinanceDecoder.Handler
    {
        private final Connection connection;
        private final long attempt;

        Listener(Connection connection, long attempt)
        {
            this.connection = connection;
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocketConnection socket)
        {
            connection.opened(attempt, socket);
        }

        @Override
        public void onText(WebSocketConnection socket, String text, long receivedNanos)
        {
            if (connection.generation != attempt) {
                return;
            }
            framesReceived.inc();
            connection.received(attempt);
            connection.busy = true;
            try {
                decoder.decode(text, receivedNanos, this);
            }
            catch (BinanceDecodeException e) {
                decodeError(text, e);
            }
            catch (RuntimeException e) {
                framesFailed.inc();
                if (failedFrames.incrementAndGet() == 1) {
                    log.error("Binance connector {} failed to handle a frame; it goes on (further failures are counted in frames.failed)", context.name(), e);
                }
            }
            finally {
                connection.busy = false;
            }
        }

        @Override
        public void onClosed(WebSocketConnection socket, int code, String reason)
        {
            connection.lost(attempt, "closed by the venue (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
        }

        @Override
        public void onFailure(WebSocketConnection socket, Throwable failure)
        {
            connection.lost(attempt, "failed (" + failure + ")");
        }

        @Override
        public void stream(String name)
        {
            connection.streamReceived(name);
        }

        @Override
        public void event(MarketEvent event)
        {
            if (event instanceof Trade trade) {
                trades.live(trade);
            }
            else {
                context.sink().accept(event);
            }
        }

        @Override
        public void depthUpdate(BinanceDepthUpdate update)
        {
            depth.update(update);
        }

        @Override
        public void serverShutdown()
        {
            connection.replace(attempt, "Binance announced a server shutdown");
        }

        @Override
        public void ignored(String what)
        {
            framesIgnored.inc();
            log.trace("Binance connector {} ignored {}", context.name(), what);
        }
    }
}
