package io.marketpipe.binance;

import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.metrics.Metrics;
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
import io.marketpipe.toolkit.VenueRestClient;
import io.marketpipe.toolkit.VenueSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams one Binance market: trades, quotes, tickers, verified books, candles and funding rates
 * of the configured symbols, over as many combined-stream connections as the stream limit needs.
 *
 * <p>The toolkit's {@link StreamSupervisor} runs the connections: each is replaced before
 * Binance's 24-hour cut ({@code reconnect-before}) and as soon as Binance announces a
 * {@code serverShutdown}; one that drops is reopened after the source's backoff. Either way the
 * books of its symbols are rebuilt from fresh snapshots and the trades missed meanwhile are
 * fetched over REST ({@link GapFreeTrades}). Binance's WebSocket pings are protocol frames, which
 * the transport answers; a connection gone quiet is probed with {@code LIST_SUBSCRIPTIONS}, and a
 * quiet stream is unsubscribed and subscribed again.
 */
final class BinanceConnector
        extends StreamingConnector
        implements BinanceDecoder.Handler
{
    static final int DECODE_ERROR_REPORT_EVERY = StreamSupervisor.DECODE_ERROR_REPORT_EVERY;

    private static final Logger log = LoggerFactory.getLogger(BinanceConnector.class);
    /** Trades asked for per request: the most Binance returns. */
    static final int TRADE_PAGE_SIZE = 1000;

    private static final int MAX_KLINES_PER_REQUEST = 1000;

    private final BinanceConfig config;
    private final BinanceRestClient rest;
    private final BinanceDepthSync depth;
    private final GapFreeTrades trades;
    private final BinanceDecoder decoder;
    private final StreamSupervisor streams;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Metrics.Counter framesIgnored;
    private final AtomicLong requestIds = new AtomicLong();
    private final ThreadLocal<StreamConnection> current = new ThreadLocal<>();

    private final Object lock = new Object();
    // guarded by lock
    private boolean started;
    private boolean closed;

    BinanceConnector(BinanceConfig config, ConnectorContext context)
    {
        super(context, requireNonNull(config, "config is null").venue(), BinanceSymbols.VENUE, config.market().configName());
        this.config = config;
        VenueSettings venue = config.venue();
        this.rest = new BinanceRestClient(config.market(), config.restUrl(), context.rest(), context.scheduler(), context.clock(), venue.reconnect().minDelay(), metrics);
        this.depth = new BinanceDepthSync(
                config.market(),
                config.bookDepth(),
                rest,
                context.books(),
                BookOptions.DEFAULT.withPublishDepth(venue.publishDepth()),
                context.scheduler(),
                policy,
                metrics);
        this.trades = new GapFreeTrades(tradeSource(config, rest), venue.tradeBackfillLimit(), context.sink(), status, context.scheduler(), policy, metrics);
        this.decoder = new BinanceDecoder(this::instrument);
        this.streams = new StreamSupervisor(context, status, policy,
                new StreamSettings(venue.staleAfter(), venue.streamStaleAfter(), config.reconnectBefore(), "before Binance's 24h connection limit"),
                this);
        this.framesIgnored = metrics.counter("frames.ignored");
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
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        streams.close();
        depth.close();
        trades.close();
    }

    /**
     * Where missed trades are fetched from: aggregate trades by id on every market, trades by id
     * on spot ({@code historicalTrades}), and on futures, where {@code historicalTrades} needs an
     * API key, the latest trades, which cover a short gap.
     */
    private static GapFreeTrades.Source tradeSource(BinanceConfig config, BinanceRestClient rest)
    {
        if (config.tradeStream().equals("aggTrade")) {
            return new GapFreeTrades.Source("aggTrades", "Binance returned no aggregate trades with these ids", true, TRADE_PAGE_SIZE, rest::aggTrades);
        }
        if (!config.market().isFutures()) {
            return new GapFreeTrades.Source("historicalTrades", "Binance returned no trades with these ids", true, TRADE_PAGE_SIZE, rest::historicalTrades);
        }
        return new GapFreeTrades.Source("the recent trades", "older than the " + TRADE_PAGE_SIZE + " recent trades Binance serves futures clients without an API key",
                false, TRADE_PAGE_SIZE, (instrument, fromId, count) -> rest.recentTrades(instrument, TRADE_PAGE_SIZE));
    }

    private Instrument instrument(String nativeSymbol)
    {
        return instruments.computeIfAbsent(nativeSymbol, symbol -> BinanceSymbols.fromNative(config.market(), symbol));
    }

    private void register(Map<String, Instrument> loaded, Throwable failure)
    {
        if (failure != null) {
            String reason = "exchangeInfo unavailable (" + VenueRestClient.cause(failure).getMessage() + "); instruments are split from native symbols by known quote assets";
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
        synchronized (lock) {
            if (closed) {
                return;
            }
        }
        streams.start(BinanceStreams.shards(config, instruments()));
    }

    @Override
    public List<String> resubscribe(StreamShard shard, List<String> quiet)
    {
        return List.of(request("UNSUBSCRIBE", quiet), request("SUBSCRIBE", quiet));
    }

    @Override
    public String probe()
    {
        return request("LIST_SUBSCRIPTIONS", List.of());
    }

    @Override
    public void frame(StreamConnection connection, String text, long receivedNanos)
            throws DecodeException
    {
        current.set(connection);
        try {
            decoder.decode(text, receivedNanos, this);
        }
        finally {
            // cleared, not removed: removing and setting again would make a map entry per frame
            current.set(null);
        }
    }

    @Override
    public void connected(StreamShard shard)
    {
        for (Instrument instrument : shard.instruments()) {
            trades.catchUp(instrument);
        }
    }

    @Override
    public void disconnected(StreamShard shard, String reason)
    {
        depth.disconnected(shard.instruments(), reason);
    }

    @Override
    public void stream(String name)
    {
        current.get().streamActive(name);
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
        current.get().replace("Binance announced a server shutdown");
    }

    @Override
    public void ignored(String what)
    {
        framesIgnored.inc();
        log.trace("Binance connector {} ignored {}", context.name(), what);
    }

    private String request(String method, List<String> params)
    {
        String list = params.stream().map(param -> "\"" + param + "\"").collect(Collectors.joining(",", "[", "]"));
        return "{\"method\":\"" + method + "\"" + (params.isEmpty() ? "" : ",\"params\":" + list) + ",\"id\":" + requestIds.incrementAndGet() + "}";
    }
}
