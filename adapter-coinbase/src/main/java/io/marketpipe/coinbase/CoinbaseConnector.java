package io.marketpipe.coinbase;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.GapFreeTrades;
import io.marketpipe.toolkit.StreamConnection;
import io.marketpipe.toolkit.StreamSettings;
import io.marketpipe.toolkit.StreamShard;
import io.marketpipe.toolkit.StreamSupervisor;
import io.marketpipe.toolkit.StreamingConnector;
import io.marketpipe.toolkit.VenueInstruments;
import io.marketpipe.toolkit.VenueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams Coinbase market data of the configured products over one WebSocket connection: trades,
 * tickers and quotes, verified books and (Advanced Trade) 5-minute candles.
 *
 * <p>Every channel is subscribed with its own message as soon as the connection opens, well inside
 * Coinbase's 5-second window, and the heartbeat channel always, so that quiet channels stay open.
 *
 * <p><b>Continuity.</b> Advanced Trade numbers every message of a connection ({@code sequence_num},
 * one more each time, across channels). A jump means messages were lost, possibly book updates:
 * the books kept on the connection are invalidated (a gap) and {@code level2} is subscribed again,
 * whose fresh snapshot verifies them again. The Exchange feed's {@code level2} carries no sequence;
 * its books are rebuilt from the snapshot every (re)subscription brings. On both feeds a crossed
 * book, or an update for a book without a snapshot, asks for a fresh snapshot the same way, and a
 * reconnect invalidates the books until the new connection's snapshots arrive.
 *
 * <p><b>Trades</b> are numbered per product; {@link GapFreeTrades} drops duplicates and fetches
 * missed ones over REST: by id from the Exchange's {@code /products/{id}/trades}, and from the
 * latest public market trades on Advanced Trade, which offers no id paging. The Exchange feed's
 * heartbeat names each product's last trade id, which reveals trades missed even when no later
 * match arrives.
 *
 * <p>A {@code coinbase} connector decodes Exchange feed messages too (see {@link CoinbaseDecoder}),
 * so a recording of either feed replays through it.
 */
final class CoinbaseConnector
        extends StreamingConnector
{
    private static final Logger log = LoggerFactory.getLogger(CoinbaseConnector.class);

    private final CoinbaseConfig config;
    private final CoinbaseRestClient rest;
    private final GapFreeTrades trades;
    private final CoinbaseDecoder decoder;
    private final StreamSupervisor streams;
    private final OrderBooks books;
    private final BookOptions bookOptions;
    private final VenueInstruments instruments;
    private final Metrics.Counter sequenceVerified;
    private final Metrics.Counter sequenceGaps;
    private final Metrics.Counter snapshotRequests;
    private final Metrics.Counter tradesBehindHeartbeat;
    private final Metrics.Counter venueErrors;
    private final Metrics.Counter framesIgnored;

    private final Object lock = new Object();
    // guarded by lock
    private final Map<Instrument, BookState> bookStates = new HashMap<>();
    private final Map<Integer, Long> nextSequence = new HashMap<>();
    private boolean restartPending;
    private final AtomicBoolean started = new AtomicBoolean();
    private volatile boolean closed;

    CoinbaseConnector(CoinbaseConfig config, ConnectorContext context)
    {
        super(context, requireNonNull(config, "config is null").venue(), CoinbaseFeed.VENUE, CoinbaseSymbols.MARKET);
        this.config = config;
        VenueSettings venue = config.venue();
        this.rest = new CoinbaseRestClient(config.feed(), config.restUrl(), context.rest(), context.scheduler(), venue.reconnect().minDelay(), metrics);
        this.trades = new GapFreeTrades(tradeSource(config.feed(), rest), venue.tradeBackfillLimit(), context.sink(), status, context.scheduler(), policy, metrics);
        this.instruments = new VenueInstruments(config.instruments(), CoinbaseSymbols::fromNative);
        this.decoder = new CoinbaseDecoder(instruments::get, config.feed() == CoinbaseFeed.EXCHANGE ? config.bookChannel() : "level2_batch");
        this.streams = new StreamSupervisor(context, status, policy, new StreamSettings(venue.staleAfter(), venue.streamStaleAfter(), Duration.ZERO, ""), this);
        this.books = context.books();
        this.bookOptions = BookOptions.DEFAULT.withPublishDepth(venue.publishDepth());
        this.sequenceVerified = metrics.counter("sequence.verified");
        this.sequenceGaps = metrics.counter("sequence.gaps");
        this.snapshotRequests = metrics.counter("book.snapshot-requests");
        this.tradesBehindHeartbeat = metrics.counter("trades.behind-heartbeat");
        this.venueErrors = metrics.counter("venue.error-messages");
        this.framesIgnored = metrics.counter("frames.ignored");
    }

    /**
     * Loads the product definitions first when {@code products} is on; a failed or partial
     * answer is reported and the stream opens anyway.
     */
    @Override
    public void start()
    {
        if (closed || !started.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture<Void> defined = !config.products()
                ? CompletableFuture.completedFuture(null)
                : rest.products(instruments.configuredSymbols()).handle((loaded, failure) -> {
                    instruments.define(loaded, failure, "Coinbase products").ifPresent(this::productsIncomplete);
                    return null;
                });
        defined.thenRun(this::connect).exceptionally(failure -> {
            log.error("Coinbase connector {} failed to connect", context.name(), failure);
            return null;
        });
    }

    private void productsIncomplete(String reason)
    {
        log.info("Coinbase connector {}: {}", context.name(), reason);
        status.report(SourceStatus.Kind.INFO, null, reason);
    }

    /**
     * Closed candles from REST: up to 350 per request on Advanced Trade, 300 on the Exchange.
     */
    @Override
    public Optional<HistoricalCandles> candleHistory()
    {
        return Optional.of((instrument, interval, endMillis, limit) -> {
            if (!rest.offersInterval(interval)) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("Coinbase " + config.feed().type() + " has no " + interval + " candles"));
            }
            int page = Math.min(limit, rest.maxCandles());
            long start = Math.max(0, endMillis - page * interval.millis());
            return rest.candles(instrument, interval, start, endMillis, context.clock().nowMillis())
                    .thenApply(candles -> candles.stream().filter(Candle::closed).collect(Collectors.toList()));
        });
    }

    @Override
    public List<Instrument> instruments()
    {
        return instruments.configured();
    }

    @Override
    public void close()
    {
        if (!closed) {
            closed = true;
            streams.close();
            trades.close();
        }
    }

    private static GapFreeTrades.Source tradeSource(CoinbaseFeed feed, CoinbaseRestClient rest)
    {
        if (feed == CoinbaseFeed.EXCHANGE) {
            return new GapFreeTrades.Source("/products/{id}/trades", "Coinbase returned no trades with these ids", true, CoinbaseRestClient.MAX_TRADES, rest::tradesFrom);
        }
        return new GapFreeTrades.Source("the public market trades", "older than the " + CoinbaseRestClient.MAX_TRADES + " latest trades Coinbase serves",
                false, CoinbaseRestClient.MAX_TRADES, (instrument, fromId, count) -> rest.latestTrades(instrument, CoinbaseRestClient.MAX_TRADES));
    }

    /**
     * Every product on one connection: Coinbase sets no limit that a configuration would reach.
     */
    private void connect()
    {
        if (!closed) {
            streams.start(List.of(new StreamShard(0, config.webSocketUrl(), instruments.configured(), streamNames())));
        }
    }

    /**
     * @return the channels to subscribe, by their subscribe names, the heartbeat channel last
     */
    List<String> streamNames()
    {
        List<String> names = new ArrayList<>();
        for (Channel channel : config.channels()) {
            String name = switch (channel) {
                case TRADES -> config.feed() == CoinbaseFeed.ADVANCED_TRADE ? "market_trades" : "matches";
                case QUOTES, TICKER -> config.tickerChannel();
                case BOOK -> config.bookChannel();
                case CANDLES -> "candles";
                default -> throw new IllegalStateException("unhandled channel " + channel);
            };
            if (!names.contains(name)) {
                names.add(name);
            }
        }
        names.add(config.feed().heartbeatChannel());
        return names;
    }

    @Override
    public List<String> subscribe(StreamShard shard)
    {
        return shard.streams().stream().map(stream -> message("subscribe", stream, shard)).collect(Collectors.toList());
    }

    @Override
    public List<String> resubscribe(StreamShard shard, List<String> quiet)
    {
        List<String> messages = new ArrayList<>();
        for (String stream : quiet) {
            messages.add(message("unsubscribe", stream, shard));
            messages.add(message("subscribe", stream, shard));
        }
        return messages;
    }

    /**
     * One channel per message: Advanced Trade names it {@code channel} (and takes a fresh
     * {@code jwt} when keys are configured), the Exchange {@code channels}.
     */
    private String message(String type, String channel, StreamShard shard)
    {
        String products = shard.instruments().stream().map(instrument -> "\"" + instrument.nativeSymbol() + "\"").collect(Collectors.joining(",", "[", "]"));
        if (config.feed() == CoinbaseFeed.EXCHANGE) {
            return "{\"type\":\"" + type + "\",\"product_ids\":" + products + ",\"channels\":[\"" + channel + "\"]}";
        }
        String jwt = config.jwt().map(signer -> ",\"jwt\":\"" + signer.token(context.clock().nowMillis() / 1000) + "\"").orElse("");
        return "{\"type\":\"" + type + "\",\"product_ids\":" + products + ",\"channel\":\"" + channel + "\"" + jwt + "}";
    }

    @Override
    public void frame(StreamConnection connection, String text, long receivedNanos)
            throws DecodeException
    {
        restarted();
        decoder.decode(text, receivedNanos, new ConnectionFrames(connection));
    }

    @Override
    public void connected(StreamShard shard)
    {
        synchronized (lock) {
            nextSequence.remove(shard.index());
        }
        for (Instrument instrument : shard.instruments()) {
            trades.catchUp(instrument);
        }
    }

    @Override
    public void disconnected(StreamShard shard, String reason)
    {
        synchronized (lock) {
            nextSequence.remove(shard.index());
            // invalidated on the first frame of the next connection, so that a stream that simply
            // ends (a replayed capture) is no gap
            for (BookState state : bookStates.values()) {
                state.restartedAfter = reason;
            }
            restartPending = !bookStates.isEmpty();
        }
    }

    /**
     * The first frame of a new connection: books built on the previous one missed what was sent
     * in between, until the snapshots the new subscription brings.
     */
    private void restarted()
    {
        synchronized (lock) {
            if (!restartPending) {
                return;
            }
            restartPending = false;
            for (Map.Entry<Instrument, BookState> entry : bookStates.entrySet()) {
                BookState state = entry.getValue();
                if (state.restartedAfter != null) {
                    books.invalidate(entry.getKey(), "the connection was reopened after: " + state.restartedAfter);
                    state.restartedAfter = null;
                    state.awaitingSnapshot = true;
                }
            }
        }
    }

    private void sequence(StreamConnection connection, long sequenceNum)
    {
        String gap = null;
        synchronized (lock) {
            Long expected = nextSequence.put(connection.shard().index(), sequenceNum + 1);
            if (expected == null || expected == sequenceNum) {
                if (expected != null) {
                    sequenceVerified.inc();
                }
                return;
            }
            sequenceGaps.inc();
            gap = sequenceNum > expected
                    ? "sequence_num jumped from " + (expected - 1) + " to " + sequenceNum + ": " + (sequenceNum - expected) + " messages lost"
                    : "sequence_num went back from " + (expected - 1) + " to " + sequenceNum;
            for (Map.Entry<Instrument, BookState> entry : bookStates.entrySet()) {
                if (!entry.getValue().awaitingSnapshot) {
                    books.invalidate(entry.getKey(), gap);
                    entry.getValue().awaitingSnapshot = true;
                }
            }
        }
        log.warn("Coinbase connector {}: {}; books are rebuilt from fresh snapshots", context.name(), gap);
        if (config.channels().contains(Channel.BOOK)) {
            snapshotRequests.inc();
            connection.resubscribe(List.of(config.bookChannel()), gap);
        }
        else {
            status.report(SourceStatus.Kind.GAP, null, gap);
        }
    }

    private void snapshot(StreamConnection connection, BookSnapshot snapshot)
    {
        ApplyResult result;
        synchronized (lock) {
            BookState state = bookStates.get(snapshot.instrument());
            if (state == null) {
                state = new BookState();
                bookStates.put(snapshot.instrument(), state);
                books.configure(snapshot.instrument(), bookOptions);
            }
            state.awaitingSnapshot = false;
            state.restartedAfter = null;
            result = books.apply(snapshot);
        }
        if (result.needsResync()) {
            requestSnapshot(connection, snapshot.instrument(), "the snapshot was " + result);
        }
    }

    private void delta(StreamConnection connection, BookDelta delta)
    {
        ApplyResult result;
        synchronized (lock) {
            BookState state = bookStates.get(delta.instrument());
            if (state != null && state.awaitingSnapshot) {
                // the update of a book that is being rebuilt: its snapshot is on the way
                return;
            }
            result = books.apply(delta);
        }
        if (result.needsResync()) {
            requestSnapshot(connection, delta.instrument(), "an update was " + result);
        }
    }

    /**
     * Subscribes the book channel again, which brings a fresh snapshot of every product on it.
     */
    private void requestSnapshot(StreamConnection connection, Instrument instrument, String reason)
    {
        synchronized (lock) {
            BookState state = bookStates.computeIfAbsent(instrument, key -> {
                books.configure(key, bookOptions);
                return new BookState();
            });
            if (state.awaitingSnapshot) {
                return;
            }
            state.awaitingSnapshot = true;
        }
        snapshotRequests.inc();
        log.debug("Coinbase connector {}: {} book needs a snapshot: {}", context.name(), instrument.symbol(), reason);
        connection.resubscribe(List.of(config.bookChannel()), instrument.nativeSymbol() + ": " + reason);
    }

    private void heartbeat(Instrument instrument, long lastTradeId)
    {
        long last = trades.lastId(instrument);
        if (lastTradeId > 0 && last >= 0 && lastTradeId > last) {
            // the heartbeat follows the product's last match: trades up to it were missed
            tradesBehindHeartbeat.inc();
            trades.catchUp(instrument);
        }
    }

    private void venueError(String message)
    {
        venueErrors.inc();
        log.warn("Coinbase connector {}: Coinbase reported an error: {}", context.name(), message);
        status.report(SourceStatus.Kind.INFO, null, "Coinbase reported an error: " + message);
    }

    /**
     * What one frame holds, handled for the connection it arrived on.
     */
    private final class ConnectionFrames
            implements CoinbaseDecoder.Handler
    {
        private final StreamConnection connection;

        ConnectionFrames(StreamConnection connection)
        {
            this.connection = connection;
        }

        @Override
        public void sequence(long sequenceNum)
        {
            CoinbaseConnector.this.sequence(connection, sequenceNum);
        }

        @Override
        public void stream(String name)
        {
            connection.streamActive(name);
        }

        @Override
        public void trades(List<Trade> received)
        {
            received.forEach(trades::live);
        }

        @Override
        public void event(MarketEvent event)
        {
            context.sink().accept(event);
        }

        @Override
        public void snapshot(BookSnapshot snapshot)
        {
            CoinbaseConnector.this.snapshot(connection, snapshot);
        }

        @Override
        public void delta(BookDelta delta)
        {
            CoinbaseConnector.this.delta(connection, delta);
        }

        @Override
        public void heartbeat(Instrument instrument, long lastTradeId)
        {
            CoinbaseConnector.this.heartbeat(instrument, lastTradeId);
        }

        @Override
        public void venueError(String message)
        {
            CoinbaseConnector.this.venueError(message);
        }

        @Override
        public void ignored(String what)
        {
            framesIgnored.inc();
            log.trace("Coinbase connector {} ignored {}", context.name(), what);
        }
    }

    private static final class BookState
    {
        // the book was invalidated or asked for again; updates wait for the snapshot
        private boolean awaitingSnapshot;
        // the connection the book was built on ended, for this reason
        private String restartedAfter;
    }
}
