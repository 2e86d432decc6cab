package io.marketpipe.testkit.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * The connector of a small example venue, written the way a real adapter is, so the conformance
 * suite can be run against something that passes it. The protocol:
 * <ul>
 *   <li>WebSocket at {@code <ws-url>/stream}; the client subscribes with
 *       {@code {"op":"subscribe","symbols":["ABCUSD"]}};</li>
 *   <li>trades: {@code {"e":"trade","s":"ABCUSD","id":17,"p":"100.25","q":"0.5","side":"buy","T":<epoch ms>}};</li>
 *   <li>book updates: {@code {"e":"depth","s":"ABCUSD","pu":11,"u":12,"b":[["99.5","1.0"]],"a":[]}},
 *       each following the one whose {@code u} is its {@code pu};</li>
 *   <li>book snapshots over REST: {@code GET <rest-url>/api/v1/depth?symbol=ABCUSD} answers
 *       {@code {"seq":10,"b":[...],"a":[...]}}.</li>
 * </ul>
 * Book sync: updates are buffered until the snapshot arrives; those with {@code u <= seq} are
 * dropped and the first applied must have {@code pu <= seq} (else the snapshot is too old and is
 * fetched again). Any break, or a disconnect, discards the book and fetches a new snapshot.
 * Frames that cannot be decoded are counted in {@code decode-errors} and reported as status events.
 *
 * <p>A {@link Defect} breaks one of these rules on purpose, to show that the conformance suite
 * notices.
 */
final class ExampleVenueConnector
        implements Connector, WebSocketListener
{
    static final String VENUE = "example";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECONNECT_DELAY_MILLIS = 100;
    private static final long REFETCH_DELAY_MILLIS = 50;

    private final String market;
    private final Defect defect;
    private final String webSocketUrl;
    private final String restUrl;
    private final ConnectorContext context;
    private final Metrics.Counter decodeErrors;
    private final Map<String, Instrument> instruments = new LinkedHashMap<>();
    // guarded by this
    private final Map<Instrument, BookSync> syncs = new LinkedHashMap<>();
    private WebSocketConnection connection;
    private boolean closed;

    ExampleVenueConnector(String market, List<String> symbols, String webSocketUrl, String restUrl, Defect defect, ConnectorContext context)
    {
        this.market = requireNonNull(market, "market is null");
        this.defect = requireNonNull(defect, "defect is null");
        this.webSocketUrl = requireNonNull(webSocketUrl, "webSocketUrl is null");
        this.restUrl = requireNonNull(restUrl, "restUrl is null");
        this.context = requireNonNull(context, "context is null");
        this.decodeErrors = context.metrics().counter("decode-errors");
        for (String symbol : symbols) {
            String[] assets = symbol.split("/");
            Instrument.Builder builder = Instrument.builder(VENUE, market, assets[0] + assets[1]).kind(MarketKind.SPOT);
            Instrument instrument = defect == Defect.NATIVE_SYMBOLS
                    ? builder.base(assets[0] + assets[1]).build()
                    : builder.base(assets[0]).quote(assets[1]).build();
            instruments.put(instrument.nativeSymbol(), instrument);
            syncs.put(instrument, new BookSync());
        }
    }

    @Override
    public synchronized void start()
    {
        if (!closed) {
            connection = context.webSockets().connect(webSocketUrl + "/stream", this);
        }
    }

    @Override
    public List<Instrument> instruments()
    {
        return List.copyOf(instruments.values());
    }

    @Override
    public synchronized void onOpen(WebSocketConnection connection)
    {
        if (defect != Defect.NO_SUBSCRIPTION) {
            Set<String> subscribed = defect == Defect.FIRST_SYMBOL_ONLY ? Set.of(instruments.keySet().iterator().next()) : instruments.keySet();
            connection.send("{\"op\":\"subscribe\",\"symbols\":" + quoted(subscribed) + "}");
        }
        status(SourceStatus.Kind.CONNECTED, "connected to " + connection.url());
        for (Map.Entry<Instrument, BookSync> entry : syncs.entrySet()) {
            if (entry.getValue().missedUpdates) {
                entry.getValue().missedUpdates = false;
                context.books().invalidate(entry.getKey(), "reconnected; updates sent while disconnected were missed");
            }
            fetchSnapshot(entry.getKey());
        }
    }

    @Override
    public synchronized void onText(WebSocketConnection connection, String text, long receivedNanos)
    {
        try {
            JsonNode message = JSON.readTree(text);
            Instrument instrument = instruments.get(message.path("s").asText());
            if (instrument == null) {
                return;
            }
            switch (message.path("e").asText()) {
                case "trade":
                    context.sink().accept(new Trade(
                            instrument,
                            TimeUnit.MILLISECONDS.toNanos(message.path("T").asLong()),
                            receivedNanos,
                            requiredText(message, "id"),
                            price(requiredText(message, "p")),
                            size(requiredText(message, "q")),
                            message.path("side").asText().equals("buy") ? Side.BUY : Side.SELL,
                            false));
                    break;
                case "depth":
                    onDepth(instrument, new Depth(message.get("pu").asLong(), message.get("u").asLong(), levels(message.get("b")), levels(message.get("a")), receivedNanos));
                    break;
                default:
                    throw new IllegalArgumentException("unknown message type");
            }
        }
        catch (IOException | RuntimeException e) {
            if (defect == Defect.SILENT_DECODE_ERRORS) {
                return;
            }
            decodeErrors.inc();
            status(SourceStatus.Kind.DECODE_ERROR, "cannot decode frame (" + e.getMessage() + "): " + abbreviate(text));
        }
    }

    @Override
    public synchronized void onClosed(WebSocketConnection connection, int code, String reason)
    {
        disconnected(connection, "closed by the venue: " + code + " " + reason);
    }

    @Override
    public synchronized void onFailure(WebSocketConnection connection, Throwable failure)
    {
        disconnected(connection, "connection failed: " + failure);
    }

    @Override
    public synchronized void close()
    {
        closed = true;
        if (connection != null) {
            connection.close(1000, "closing");
        }
    }

    private void disconnected(WebSocketConnection dropped, String reason)
    {
        if (closed || dropped != connection) {
            return;
        }
        status(SourceStatus.Kind.DISCONNECTED, reason);
        // the book is invalidated when a new connection opens: a disconnect that ends the
        // stream for good (shutdown, the end of a replayed capture) is no gap
        for (BookSync sync : syncs.values()) {
            sync.missedUpdates |= sync.synced;
            sync.reset();
        }
        if (defect != Defect.NO_RECONNECT) {
            context.scheduler().schedule(this::start, RECONNECT_DELAY_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private void onDepth(Instrument instrument, Depth depth)
    {
        BookSync sync = syncs.get(instrument);
        if (!sync.synced) {
            sync.buffered.add(depth);
            return;
        }
        long prevSeq = depth.pu;
        if (sync.bridging) {
            if (depth.u <= sync.snapshotSeq) {
                return;
            }
            if (depth.pu > sync.snapshotSeq) {
                sync.reset();
                sync.buffered.add(depth);
                scheduleFetch(instrument);
                return;
            }
            sync.bridging = false;
            prevSeq = sync.snapshotSeq;
        }
        ApplyResult result = context.books().apply(new BookDelta(instrument, 0, depth.receivedNanos, prevSeq, depth.u, depth.bids, depth.asks));
        if (result.needsResync()) {
            sync.reset();
            if (defect != Defect.NO_RESYNC) {
                fetchSnapshot(instrument);
            }
        }
    }

    private void fetchSnapshot(Instrument instrument)
    {
        BookSync sync = syncs.get(instrument);
        long generation = ++sync.generation;
        context.rest().send(RestRequest.get(restUrl + "/api/v1/depth?symbol=" + instrument.nativeSymbol() + "&limit=100"))
                .whenComplete((response, failure) -> onSnapshot(instrument, generation, response, failure));
    }

    private void scheduleFetch(Instrument instrument)
    {
        context.scheduler().schedule(() -> {
            synchronized (this) {
                if (!closed) {
                    fetchSnapshot(instrument);
                }
            }
        }, REFETCH_DELAY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private synchronized void onSnapshot(Instrument instrument, long generation, RestResponse response, Throwable failure)
    {
        BookSync sync = syncs.get(instrument);
        if (closed || generation != sync.generation || sync.synced) {
            return;
        }
        if (failure != null || !response.isSuccessful()) {
            scheduleFetch(instrument);
            return;
        }
        JsonNode snapshot;
        try {
            snapshot = JSON.readTree(response.body());
        }
        catch (IOException e) {
            throw new UncheckedIOException("snapshot of " + instrument + " is not JSON", e);
        }
        sync.snapshotSeq = snapshot.get("seq").asLong();
        ApplyResult result = context.books().apply(new BookSnapshot(instrument, 0, response.receivedNanos(), sync.snapshotSeq,
                levels(snapshot.get(defect == Defect.SWAPPED_SIDES ? "a" : "b")), levels(snapshot.get(defect == Defect.SWAPPED_SIDES ? "b" : "a"))));
        if (result != ApplyResult.APPLIED) {
            scheduleFetch(instrument);
            return;
        }
        sync.synced = true;
        sync.bridging = true;
        List<Depth> buffered = new ArrayList<>(sync.buffered);
        sync.buffered.clear();
        for (Depth depth : buffered) {
            onDepth(instrument, depth);
        }
    }

    private Decimal size(String text)
    {
        if (defect == Defect.FLOAT_SIZES) {
            return Decimal.valueOf(new BigDecimal((float) Double.parseDouble(text)));
        }
        return Decimal.parse(text);
    }

    private Decimal price(String text)
    {
        if (defect == Defect.FLOAT_PRICES) {
            return Decimal.valueOf(new BigDecimal((float) Double.parseDouble(text)));
        }
        return Decimal.parse(text);
    }

    private void status(SourceStatus.Kind kind, String reason)
    {
        context.sink().accept(new SourceStatus(context.name(), VENUE, market, null, 0, context.clock().nowNanos(), kind, reason));
    }

    private static List<PriceLevel> levels(JsonNode levels)
    {
        List<PriceLevel> parsed = new ArrayList<>(levels.size());
        for (JsonNode level : levels) {
            parsed.add(PriceLevel.parse(level.get(0).asText(), level.get(1).asText()));
        }
        return parsed;
    }

    private static String requiredText(JsonNode message, String field)
    {
        JsonNode value = message.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("no " + field);
        }
        return value.asText();
    }

    private static String quoted(Iterable<String> symbols)
    {
        List<String> quoted = new ArrayList<>();
        symbols.forEach(symbol -> quoted.add("\"" + symbol + "\""));
        return "[" + String.join(",", quoted) + "]";
    }

    private static String abbreviate(String text)
    {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    /**
     * A rule of a correct connector, broken.
     */
    enum Defect
    {
        NONE,
        /** Sends no subscription. */
        NO_SUBSCRIPTION,
        /** Ignores frames it cannot decode without counting them. */
        SILENT_DECODE_ERRORS,
        /** Publishes instruments under their native symbol. */
        NATIVE_SYMBOLS,
        /** Parses trade prices through binary floating point. */
        FLOAT_PRICES,
        /** Leaves a book unverified after a gap. */
        NO_RESYNC,
        /** Stays disconnected when the venue drops the connection. */
        NO_RECONNECT,
        /** Subscribes to its first symbol only. */
        FIRST_SYMBOL_ONLY,
        /** Reads a snapshot's bids as asks and its asks as bids. */
        SWAPPED_SIDES,
        /** Parses trade sizes through binary floating point. */
        FLOAT_SIZES
    }

    private record Depth(long pu, long u, List<PriceLevel> bids, List<PriceLevel> asks, long receivedNanos) {}

    /**
     * Where one instrument's book is in the sync: buffering for a snapshot, bridging it, or live.
     */
    private static final class BookSync
    {
        private final List<Depth> buffered = new ArrayList<>();
        private boolean synced;
        private boolean bridging;
        private boolean missedUpdates;
        private long snapshotSeq;
        private long generation;

        void reset()
        {
            synced = false;
            bridging = false;
            buffered.clear();
            generation++;
        }
    }
}
