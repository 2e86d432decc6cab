package io.marketpipe.okx;

import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.ConnectorLifecycle;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Streams OKX public market data of the configured instruments: trades, best bid and offer,
 * tickers, verified books, candles and funding rates, over {@code /ws/v5/public} and (candles,
 * {@code trades-all}) {@code /ws/v5/business}.
 *
 * <p>The toolkit's {@link StreamSupervisor} runs the connections; OKX closes one that is silent
 * for 30 seconds, so a quiet connection is sent the text {@code ping} (answered by {@code pong})
 * before its {@code stale-after} runs out, and replaced when OKX announces a service upgrade.
 * Books are kept by {@link OkxBooks}. With {@code trade-channel = trades-all}, whose ids are
 * consecutive per instrument, trades missed during a reconnect are fetched from
 * {@code history-trades} ({@link GapFreeTrades}); the aggregated {@code trades} channel reports
 * the last id of each aggregation, so there trades are only de-duplicated.
 */
final class OkxConnector
        extends StreamingConnector
{
    static final String PING = "ping";
    static final String SERVICE_UPGRADE_NOTICE = "64008";

    private static final Logger log = LoggerFactory.getLogger(OkxConnector.class);

    private final OkxConfig config;
    private final ConnectorLifecycle lifecycle = new ConnectorLifecycle();
    private final VenueInstruments instruments;
    private final OkxRestClient rest;
    private final OkxBooks books;
    private final GapFreeTrades gapFreeTrades;
    private final Map<Instrument, Long> lastTradeIds = new ConcurrentHashMap<>();
    private final OkxDecoder decoder;
    private final StreamSupervisor streams;
    private final Metrics.Counter framesIgnored;
    private final Metrics.Counter rejections;
    private final Metrics.Counter tradeDuplicates;

    OkxConnector(OkxConfig config, ConnectorContext context)
    {
        super(context, requireNonNull(config, "config is null").venue(), OkxSymbols.VENUE, config.marketName());
        this.config = config;
        VenueSettings venue = config.venue();
        this.instruments = new VenueInstruments(config.instruments(), OkxSymbols::fromNative);
        this.rest = new OkxRestClient(config.restUrl(), context.rest(), context.scheduler(), venue.reconnect().minDelay(), metrics);
        this.books = new OkxBooks(context.books(), BookOptions.DEFAULT.withPublishDepth(venue.publishDepth()), metrics);
        this.gapFreeTrades = config.tradeChannel().equals("trades-all")
                ? new GapFreeTrades(new GapFreeTrades.Source("history-trades", "OKX returned no trades with these ids", true, OkxRestClient.TRADE_PAGE_SIZE, rest::historyTrades),
                        venue.tradeBackfillLimit(), context.sink(), status, context.scheduler(), policy, metrics)
                : null;
        this.decoder = new OkxDecoder(instruments);
        this.streams = new StreamSupervisor(context, status, policy,
                new StreamSettings(venue.staleAfter(), venue.streamStaleAfter(), Duration.ZERO, "no connection age limit"),
                this);
        this.framesIgnored = metrics.counter("frames.ignored");
        this.rejections = metrics.counter("requests.rejected");
        this.tradeDuplicates = metrics.counter("trades.duplicates");
    }

    /**
     * Loads the instrument definitions (when {@code load-instruments} is on), then connects.
     */
    @Override
    public void start()
    {
        if (!lifecycle.start()) {
            return;
        }
        if (!config.loadInstruments()) {
            connect();
            return;
        }
        loadInstruments().whenComplete((loaded, failure) -> {
            try {
                instruments.define(loaded, failure, "OKX instruments").ifPresent(this::undefined);
                connect();
            }
            catch (RuntimeException e) {
                log.error("OKX connector {} failed to connect", context.name(), e);
            }
        });
    }

    /**
     * Closed candles from {@code history-candles}, newest first, at most 100 per request.
     */
    @Override
    public Optional<HistoricalCandles> candleHistory()
    {
        return Optional.of((instrument, interval, endMillis, limit) -> rest.historyCandles(instrument, interval, endMillis, limit)
                .thenApply(candles -> candles.stream().filter(candle -> candle.closed() && candle.openTimeMillis() < endMillis).collect(Collectors.toList())));
    }

    @Override
    public List<Instrument> instruments()
    {
        return instruments.configured();
    }

    @Override
    public void close()
    {
        if (!lifecycle.close()) {
            return;
        }
        streams.close();
        if (gapFreeTrades != null) {
            gapFreeTrades.close();
        }
    }

    /**
     * One request per instrument type, and per family for options ({@code BTC-USD}), merged.
     */
    private CompletableFuture<Map<String, Instrument>> loadInstruments()
    {
        Map<String, CompletableFuture<Map<String, Instrument>>> requests = new LinkedHashMap<>();
        for (Instrument instrument : config.instruments()) {
            OkxInstrumentType type = OkxInstrumentType.of(instrument.kind());
            String family = type == OkxInstrumentType.OPTION ? instrument.base() + "-" + instrument.quote() : null;
            requests.computeIfAbsent(type + (family == null ? "" : " " + family), key -> rest.instruments(type, family));
        }
        CompletableFuture<Map<String, Instrument>> merged = CompletableFuture.completedFuture(new HashMap<>());
        for (CompletableFuture<Map<String, Instrument>> request : requests.values()) {
            merged = merged.thenCombine(request, (all, some) -> {
                all.putAll(some);
                return all;
            });
        }
        return merged;
    }

    /**
     * Some configured instruments go by what their ids tell: the definitions could not be loaded, or OKX does not list them.
     */
    private void undefined(String reason)
    {
        log.info("OKX connector {}: {}", context.name(), reason);
        status.report(SourceStatus.Kind.INFO, null, reason);
    }

    private void connect()
    {
        if (!lifecycle.closed()) {
            streams.start(OkxChannels.shards(config, instruments.configured()));
        }
    }

    @Override
    public List<String> subscribe(StreamShard shard)
    {
        return OkxChannels.requests("subscribe", shard.streams());
    }

    @Override
    public List<String> resubscribe(StreamShard shard, List<String> quiet)
    {
        List<String> messages = new ArrayList<>(OkxChannels.requests("unsubscribe", quiet));
        messages.addAll(OkxChannels.requests("subscribe", quiet));
        return messages;
    }

    @Override
    public String probe()
    {
        return PING;
    }

    @Override
    public void frame(StreamConnection connection, String text, long receivedNanos)
            throws DecodeException
    {
        decoder.decode(text, receivedNanos, new FrameHandler(connection));
    }

    @Override
    public void connected(StreamShard shard)
    {
        if (gapFreeTrades != null) {
            shard.instruments().forEach(gapFreeTrades::catchUp);
        }
    }

    @Override
    public void disconnected(StreamShard shard, String reason)
    {
        books.disconnected(shard);
    }

    /**
     * @return false for a trade whose id is not above the last one emitted for its instrument
     *         (a duplicate after a resubscription); ids that are not integers pass
     */
    private boolean firstSeen(Trade trade)
    {
        long id;
        try {
            id = Long.parseLong(trade.tradeId());
        }
        catch (NumberFormatException e) {
            return true;
        }
        Long last = lastTradeIds.get(trade.instrument());
        if (last != null && id <= last) {
            tradeDuplicates.inc();
            return false;
        }
        lastTradeIds.put(trade.instrument(), id);
        return true;
    }

    /**
     * What one frame holds, handled for the connection it came on.
     */
    private final class FrameHandler
            implements OkxDecoder.Handler
    {
        private final StreamConnection connection;

        FrameHandler(StreamConnection connection)
        {
            this.connection = connection;
        }

        @Override
        public void stream(String name)
        {
            connection.streamActive(name);
        }

        @Override
        public void event(MarketEvent event)
        {
            if (!(event instanceof Trade trade)) {
                context.sink().accept(event);
            }
            else if (gapFreeTrades != null) {
                gapFreeTrades.live(trade);
            }
            else if (firstSeen(trade)) {
                context.sink().accept(trade);
            }
        }

        @Override
        public void book(OkxBookMessage message)
        {
            books.apply(message, connection);
        }

        @Override
        public void rejected(String code, String message)
        {
            rejections.inc();
            String reason = "OKX rejected a request: " + code + " " + message;
            log.warn("OKX connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.REJECTED, null, reason);
        }

        @Override
        public void notice(String code, String message)
        {
            String reason = "OKX notice " + code + ": " + message;
            status.report(SourceStatus.Kind.INFO, null, reason);
            if (SERVICE_UPGRADE_NOTICE.equals(code)) {
                connection.replace(reason);
            }
        }

        @Override
        public void ignored(String what)
        {
            framesIgnored.inc();
            log.trace("OKX connector {} ignored {}", context.name(), what);
        }
    }
}
