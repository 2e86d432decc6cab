package io.marketpipe.kraken;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
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

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams Kraken spot pairs: trades, quotes, tickers, candles and books verified by Kraken's
 * CRC32 checksum on every message, over WebSocket v2 (live) or v1.
 *
 * <p>Kraken books carry no sequence numbers: after each message the book is truncated to the
 * subscribed depth and its checksum compared with Kraken's ({@link KrakenChecksum}). A mismatch
 * unsubscribes and subscribes that pair's book again, which makes Kraken send a fresh snapshot;
 * such resubscriptions are counted in {@code book.resubscribes}. v2 trades are numbered per pair,
 * so missed ones are fetched from REST {@code Trades} ({@link GapFreeTrades}); v1 trades carry
 * no id and pass through as received. A silent connection is probed with Kraken's
 * application-level {@code ping}.
 */
final class KrakenConnector
        extends StreamingConnector
        implements KrakenDecoder.Handler
{
    private static final Logger log = LoggerFactory.getLogger(KrakenConnector.class);
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final KrakenConfig config;
    private final KrakenRestClient rest;
    private final GapFreeTrades trades;
    private final KrakenDecoder decoder = new KrakenDecoder();
    private final StreamSupervisor streams;
    private final OrderBooks books;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();
    private final Map<String, String> v2Names = new ConcurrentHashMap<>();
    private final Map<Instrument, int[]> precisions = new ConcurrentHashMap<>();
    private final Map<Instrument, Integer> subscribedDepths = new ConcurrentHashMap<>();
    private final Map<Instrument, Long> lastTradeNanos = new ConcurrentHashMap<>();
    private final Set<Instrument> resubscribing = ConcurrentHashMap.newKeySet();
    private final Metrics.Counter framesIgnored;
    private final Metrics.Counter bookResubscribes;
    private final Metrics.Counter subscriptionErrors;
    private final AtomicLong requestIds = new AtomicLong();
    private final ThreadLocal<StreamConnection> current = new ThreadLocal<>();

    private final AtomicBoolean started = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();

    KrakenConnector(KrakenConfig config, ConnectorContext context)
    {
        super(context, requireNonNull(config, "config is null").venue(), KrakenSymbols.VENUE, KrakenSymbols.MARKET);
        this.config = config;
        VenueSettings venue = config.venue();
        this.rest = new KrakenRestClient(config.restUrl(), context.clock(), new VenueRestClient(context.rest(), context.scheduler(), venue.reconnect().minDelay(), response -> {}, metrics));
        EventSink tradeSink = event -> {
            if (event instanceof Trade trade) {
                lastTradeNanos.merge(trade.instrument(), trade.venueNanos(), Math::max);
            }
            context.sink().accept(event);
        };
        GapFreeTrades.Source source = new GapFreeTrades.Source("Trades", "Kraken returned no trades with these ids", true, KrakenRestClient.TRADE_PAGE_SIZE,
                // since is a time with whole seconds: a full page, as trades of that second before the gap come too
                (instrument, fromId, count) -> rest.trades(instrument, lastTradeNanos.getOrDefault(instrument, 0L) / NANOS_PER_SECOND, KrakenRestClient.TRADE_PAGE_SIZE));
        this.trades = new GapFreeTrades(source, venue.tradeBackfillLimit(), tradeSink, status, context.scheduler(), policy, metrics);
        this.streams = new StreamSupervisor(context, status, policy, new StreamSettings(venue.staleAfter(), venue.streamStaleAfter(), Duration.ZERO, ""), this);
        this.books = context.books();
        this.framesIgnored = metrics.counter("frames.ignored");
        this.bookResubscribes = metrics.counter("book.resubscribes");
        this.subscriptionErrors = metrics.counter("subscriptions.rejected");
        for (Instrument instrument : config.instruments()) {
            remember(instrument);
        }
    }

    @Override
    public void start()
    {
        if (closed.get() || !started.compareAndSet(false, true)) {
            return;
        }
        if (!config.skippedSymbols().isEmpty()) {
            status.report(SourceStatus.Kind.INFO, null, "not Kraken spot pairs, skipped: " + String.join(", ", config.skippedSymbols()));
        }
        CompletableFuture<Void> registry = config.assetPairs()
                ? rest.assetPairs().handle((listed, failure) -> register(listed, failure))
                : CompletableFuture.completedFuture(null);
        registry.thenRun(this::connect).exceptionally(failure -> {
            log.error("Kraken connector {} failed to connect", context.name(), failure);
            return null;
        });
    }

    /**
     * Closed candles from REST {@code OHLC}: Kraken serves the latest 720 of an interval.
     */
    @Override
    public Optional<HistoricalCandles> candleHistory()
    {
        return Optional.of(this::closedCandles);
    }

    private CompletableFuture<List<Candle>> closedCandles(Instrument instrument, CandleInterval interval, long endMillis, int limit)
    {
        long span = Math.min(limit, KrakenRestClient.OHLC_ROWS) * interval.millis();
        Predicate<Candle> wanted = candle -> candle.closed() && candle.openTimeMillis() < endMillis;
        return rest.ohlc(instrument, interval, Math.max(0, endMillis - span) / 1000)
                .thenApply(candles -> candles.stream().filter(wanted).collect(Collectors.toList()));
    }

    @Override
    public List<Instrument> instruments()
    {
        List<Instrument> current = new ArrayList<>();
        config.instruments().forEach(configured -> current.add(instruments.getOrDefault(configured.nativeSymbol(), configured)));
        return current;
    }

    @Override
    public void close()
    {
        if (closed.compareAndSet(false, true)) {
            streams.close();
            trades.close();
        }
    }

    private void remember(Instrument instrument)
    {
        instruments.put(instrument.nativeSymbol(), instrument);
        v2Names.put(KrakenSymbols.v2Name(instrument), instrument.nativeSymbol());
    }

    private Void register(Map<String, KrakenRestClient.ListedPair> listed, Throwable failure)
    {
        if (failure != null) {
            String reason = "AssetPairs unavailable (" + VenueRestClient.cause(failure).getMessage() + "); pairs are named from the symbols";
            log.info("Kraken connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
            return null;
        }
        List<String> missing = new ArrayList<>();
        for (Instrument configured : config.instruments()) {
            KrakenRestClient.ListedPair pair = listed.get(configured.nativeSymbol());
            if (pair == null) {
                missing.add(configured.nativeSymbol());
                continue;
            }
            remember(pair.instrument());
            precisions.put(pair.instrument(), new int[] {pair.priceDecimals(), pair.quantityDecimals()});
        }
        if (!missing.isEmpty()) {
            String reason = "AssetPairs does not list " + String.join(", ", missing);
            log.warn("Kraken connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.INFO, null, reason);
        }
        return null;
    }

    private void connect()
    {
        if (closed.get()) {
            return;
        }
        List<Instrument> pairs = instruments();
        streams.start(List.of(new StreamShard(0, config.webSocketUrl(), pairs, streamNames(pairs))));
    }

    /**
     * @return {@code channel:pair} for every stream of every pair, e.g. {@code book:XBT/USD}
     */
    private List<String> streamNames(List<Instrument> pairs)
    {
        Set<String> channels = new LinkedHashSet<>();
        Set<Channel> configured = config.channels();
        if (configured.contains(Channel.BOOK)) {
            channels.add("book");
        }
        if (configured.contains(Channel.TRADES)) {
            channels.add("trade");
        }
        if (configured.contains(Channel.QUOTES)) {
            channels.add(config.api() == KrakenApi.V1 ? "spread" : "ticker");
        }
        if (configured.contains(Channel.TICKER)) {
            channels.add("ticker");
        }
        if (configured.contains(Channel.CANDLES)) {
            for (CandleInterval interval : config.candleIntervals()) {
                channels.add("ohlc-" + interval.millis() / 60_000);
            }
        }
        List<String> names = new ArrayList<>();
        for (String channel : channels) {
            for (Instrument pair : pairs) {
                names.add(channel + ":" + pair.nativeSymbol());
            }
        }
        return names;
    }

    @Override
    public List<String> subscribe(StreamShard shard)
    {
        List<String> messages = new ArrayList<>();
        if (config.api() == KrakenApi.V2 && config.channels().contains(Channel.BOOK)) {
            // the pairs' precisions, which the v2 checksum is written at
            messages.add("{\"method\":\"subscribe\",\"params\":{\"channel\":\"instrument\"},\"req_id\":" + requestIds.incrementAndGet() + "}");
        }
        messages.addAll(requests("subscribe", shard.streams()));
        return messages;
    }

    @Override
    public List<String> resubscribe(StreamShard shard, List<String> quiet)
    {
        List<String> messages = new ArrayList<>(requests("unsubscribe", quiet));
        messages.addAll(requests("subscribe", quiet));
        return messages;
    }

    @Override
    public String probe()
    {
        return config.api() == KrakenApi.V1
                ? "{\"event\":\"ping\",\"reqid\":" + requestIds.incrementAndGet() + "}"
                : "{\"method\":\"ping\",\"req_id\":" + requestIds.incrementAndGet() + "}";
    }

    /**
     * @return one request per channel, naming every pair of its streams
     */
    private List<String> requests(String method, List<String> streamNames)
    {
        Map<String, List<String>> pairsByChannel = new LinkedHashMap<>();
        for (String stream : streamNames) {
            int colon = stream.indexOf(':');
            pairsByChannel.computeIfAbsent(stream.substring(0, colon), key -> new ArrayList<>()).add(stream.substring(colon + 1));
        }
        List<String> messages = new ArrayList<>();
        pairsByChannel.forEach((channel, pairs) -> messages.add(config.api() == KrakenApi.V1 ? v1Request(method, channel, pairs) : v2Request(method, channel, pairs)));
        return messages;
    }

    private String v1Request(String method, String channel, List<String> pairs)
    {
        String subscription;
        if (channel.equals("book")) {
            subscription = "{\"name\":\"book\",\"depth\":" + config.bookDepth() + "}";
        }
        else if (channel.startsWith("ohlc-")) {
            subscription = "{\"name\":\"ohlc\",\"interval\":" + channel.substring("ohlc-".length()) + "}";
        }
        else {
            subscription = "{\"name\":\"" + channel + "\"}";
        }
        return "{\"event\":\"" + method + "\",\"pair\":" + quoted(pairs) + ",\"subscription\":" + subscription + ",\"reqid\":" + requestIds.incrementAndGet() + "}";
    }

    private String v2Request(String method, String channel, List<String> pairs)
    {
        List<String> symbols = pairs.stream().map(pair -> KrakenSymbols.v2Name(v1Pair(pair))).collect(Collectors.toList());
        StringBuilder params = new StringBuilder();
        if (channel.equals("book")) {
            params.append("\"channel\":\"book\",\"depth\":").append(config.bookDepth());
        }
        else if (channel.startsWith("ohlc-")) {
            params.append("\"channel\":\"ohlc\",\"interval\":").append(channel.substring("ohlc-".length()));
        }
        else {
            params.append("\"channel\":\"").append(channel).append('"');
            if (channel.equals("ticker") && config.channels().contains(Channel.QUOTES) && method.equals("subscribe")) {
                params.append(",\"event_trigger\":\"bbo\"");
            }
        }
        params.append(",\"symbol\":").append(quoted(symbols));
        return "{\"method\":\"" + method + "\",\"params\":{" + params + "},\"req_id\":" + requestIds.incrementAndGet() + "}";
    }

    private static String quoted(List<String> values)
    {
        return values.stream().map(value -> "\"" + value + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /**
     * Decodes a frame; the handler callbacks it makes act on the connection it came on.
     */
    @Override
    public void frame(StreamConnection connection, String text, long receivedNanos)
            throws DecodeException
    {
        try {
            current.set(connection);
            decoder.decode(text, receivedNanos, this);
        }
        catch (IllegalArgumentException unknownPairName) {
            throw new DecodeException(unknownPairName.getMessage(), unknownPairName);
        }
        finally {
            current.remove();
        }
    }

    @Override
    public void connected(StreamShard shard)
    {
        if (config.api() == KrakenApi.V2) {
            for (Instrument instrument : shard.instruments()) {
                trades.catchUp(instrument);
            }
        }
    }

    @Override
    public void disconnected(StreamShard shard, String reason)
    {
        // the new connection's subscriptions bring fresh snapshots
        shard.instruments().forEach(resubscribing::remove);
    }

    @Override
    public Instrument v1Pair(String pair)
    {
        Instrument known = instruments.get(pair);
        if (known != null) {
            return known;
        }
        Instrument parsed = KrakenSymbols.fromNative(pair);
        remember(parsed);
        return parsed;
    }

    @Override
    public Instrument v2Symbol(String symbol)
    {
        String nativeSymbol = v2Names.get(symbol);
        return v1Pair(nativeSymbol != null ? nativeSymbol : KrakenSymbols.fromV2(symbol).nativeSymbol());
    }

    @Override
    public void bookSnapshot(KrakenApi api, int depth, BookSnapshot snapshot)
    {
        Instrument instrument = snapshot.instrument();
        int levels = depth > 0 ? depth : subscribedDepths.getOrDefault(instrument, config.bookDepth());
        books.configure(instrument, BookOptions.DEFAULT
                .withMaxDepth(levels)
                .withPublishDepth(config.venue().publishDepth())
                .withChecksum(checksum(api, instrument)));
        resubscribing.remove(instrument);
        ApplyResult result = books.apply(snapshot);
        if (result.needsResync()) {
            resync(instrument, "the snapshot of " + instrument.symbol() + " did not verify (" + result + ")");
        }
    }

    @Override
    public void bookUpdate(KrakenApi api, int depth, BookDelta delta)
    {
        ApplyResult result = books.apply(delta);
        if (result.needsResync()) {
            resync(delta.instrument(), result == ApplyResult.CHECKSUM_MISMATCH
                    ? "checksum mismatch on the book of " + delta.instrument().symbol()
                    : "the book of " + delta.instrument().symbol() + " needs a new snapshot (" + result + ")");
        }
    }

    private BookChecksum checksum(KrakenApi api, Instrument instrument)
    {
        int[] precision = precisions.get(instrument);
        if (api == KrakenApi.V1 || precision == null) {
            return KrakenChecksum.asWritten();
        }
        return KrakenChecksum.atPrecision(precision[0], precision[1]);
    }

    /**
     * Subscribes the pair's book again, once until its next snapshot arrives.
     */
    private void resync(Instrument instrument, String reason)
    {
        StreamConnection connection = current.get();
        if (connection == null || !resubscribing.add(instrument)) {
            return;
        }
        bookResubscribes.inc();
        log.debug("Kraken connector {}: {}; subscribing to the book again", context.name(), reason);
        connection.resubscribe(List.of("book:" + instrument.nativeSymbol()), reason);
    }

    @Override
    public void trade(KrakenApi api, Trade trade)
    {
        if (api == KrakenApi.V2) {
            trades.live(trade);
        }
        else {
            context.sink().accept(trade);
        }
    }

    @Override
    public void event(MarketEvent event)
    {
        context.sink().accept(event);
    }

    @Override
    public void precision(Instrument instrument, int priceDecimals, int quantityDecimals)
    {
        precisions.put(instrument, new int[] {priceDecimals, quantityDecimals});
    }

    @Override
    public void subscription(KrakenApi api, String channel, Instrument instrument, int depth, String error)
    {
        String what = channel + (instrument == null ? "" : " " + instrument.symbol());
        if (error != null) {
            subscriptionErrors.inc();
            log.warn("Kraken connector {}: subscription to {} refused: {}", context.name(), what, error);
            status.report(SourceStatus.Kind.REJECTED, instrument, "subscription to " + what + " refused: " + error);
            return;
        }
        if (instrument != null && depth > 0 && channel.startsWith("book")) {
            subscribedDepths.put(instrument, depth);
        }
        status.report(SourceStatus.Kind.INFO, instrument, "subscribed to " + what + (depth > 0 ? " depth " + depth : ""));
    }

    @Override
    public void systemStatus(String systemStatus)
    {
        if (systemStatus != null && !systemStatus.equals("online")) {
            status.report(SourceStatus.Kind.INFO, null, "Kraken system status: " + systemStatus);
        }
    }

    @Override
    public void stream(String name)
    {
        StreamConnection connection = current.get();
        if (connection != null) {
            connection.streamActive(name);
        }
    }

    @Override
    public void ignored(String what)
    {
        framesIgnored.inc();
        log.trace("Kraken connector {} ignored {}", context.name(), what);
    }
}
