package io.marketpipe.binance;

import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams one Binance market: trades, quotes, tickers, verified books, candles and funding rates
 * of the configured symbols, over as many combined-stream connections as the stream limit needs.
 *
 * <p>Each connection is replaced before Binance's 24-hour cut and as soon as Binance announces a
 * {@code serverShutdown}; one that drops is reopened with backoff. Either way the books of its
 * symbols are rebuilt from fresh snapshots. Binance's WebSocket pings are protocol frames, which
 * the transport answers; Binance expects no application-level heartbeat on market streams.
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
    private final BinanceRestClient rest;
    private final BinanceDepthSync depth;
    private final BinanceDecoder decoder;
    private final ReconnectBackoff backoff;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Metrics.Counter framesReceived;
    private final Metrics.Counter framesInvalid;
    private final Metrics.Counter framesIgnored;
    private final Metrics.Counter framesFailed;
    private final Metrics.Counter reconnects;
    private final AtomicLong invalidFrames = new AtomicLong();
    private final AtomicLong failedFrames = new AtomicLong();

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
        this.backoff = new ReconnectBackoff(config.reconnectBackoffMin(), config.reconnectBackoffMax());
        this.rest = new BinanceRestClient(config.market(), config.restUrl(), context.rest(), context.scheduler(), context.clock(), config.reconnectBackoffMin(), metrics);
        this.depth = new BinanceDepthSync(
                config.market(),
                config.bookDepth(),
                rest,
                context.books(),
                BookOptions.DEFAULT.withPublishDepth(config.publishDepth()),
                context.scheduler(),
                backoff,
                metrics);
        this.decoder = new BinanceDecoder(this::instrument);
        this.framesReceived = metrics.counter("frames.received");
        this.framesInvalid = metrics.counter("frames.invalid");
        this.framesIgnored = metrics.counter("frames.ignored");
        this.framesFailed = metrics.counter("frames.failed");
        this.reconnects = metrics.counter("connections.reconnects");
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
                connection.cancelTimer();
                if (connection.socket != null) {
                    open.add(connection.socket);
                    connection.socket = null;
                }
            }
        }
        depth.close();
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
     * One combined-stream connection and its successors.
     */
    private final class Connection
    {
        private final BinanceStreams.Shard shard;
        // written under lock; read without it to drop frames of a replaced connection
        private volatile long generation;
        // guarded by lock
        private WebSocketConnection socket;
        private int failures;
        private ScheduledFuture<?> timer;

        Connection(BinanceStreams.Shard shard)
        {
            this.shard = shard;
        }

        void open()
        {
            long attempt;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                attempt = ++generation;
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
                    failures = 0;
                    cancelTimer();
                    timer = schedule(() -> replace(attempt, "reconnecting before Binance's 24h connection limit"), config.reconnectBefore());
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
         * The connection closed or failed without being asked to.
         */
        void lost(long attempt, String reason)
        {
            Duration delay;
            synchronized (lock) {
                if (closed || generation != attempt) {
                    return;
                }
                generation++;
                socket = null;
                cancelTimer();
                delay = backoff.delay(failures++);
                timer = schedule(() -> reopen(reason), delay);
            }
            status.report(SourceStatus.Kind.DISCONNECTED, null, "connection " + shard.index() + " " + reason + "; reconnecting in " + delay.toMillis() + " ms");
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
            synchronized (lock) {
                if (closed || generation != attempt) {
                    return;
                }
                generation++;
                old = socket;
                socket = null;
                cancelTimer();
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
        private void cancelTimer()
        {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
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
        public void event(MarketEvent event)
        {
            context.sink().accept(event);
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
