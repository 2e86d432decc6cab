package io.marketpipe.coinbase;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Turns frames of either Coinbase feed into canonical events, telling the feeds apart by shape:
 * an Advanced Trade frame is an envelope with {@code channel}, {@code sequence_num} and
 * {@code events}; an Exchange feed message has a {@code type} and no {@code channel}. A recording
 * names only {@code exchange: coinbase}, so this is what lets one connector type replay both.
 * Stateless and thread-safe.
 */
final class CoinbaseDecoder
{
    /** The interval of Advanced Trade's {@code candles} channel. */
    static final CandleInterval WEB_SOCKET_CANDLES = CandleInterval.parse("5m");

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final Function<String, Instrument> instruments;
    private final String exchangeBookChannel;

    /**
     * @param instruments finds the instrument of a product id
     * @param exchangeBookChannel the Exchange feed's book channel subscribed ({@code level2_batch}
     *        or {@code level2}), which its snapshot and {@code l2update} messages do not name
     */
    CoinbaseDecoder(Function<String, Instrument> instruments, String exchangeBookChannel)
    {
        this.instruments = requireNonNull(instruments, "instruments is null");
        this.exchangeBookChannel = requireNonNull(exchangeBookChannel, "exchangeBookChannel is null");
    }

    /**
     * Receives what a frame holds.
     */
    interface Handler
    {
        /** An Advanced Trade envelope numbered {@code sequence_num} arrived; its events follow. */
        void sequence(long sequenceNum);

        /** A subscribed channel delivered, by the name it is subscribed with. */
        void stream(String name);

        /** Trades of one message, in ascending trade id per product. */
        void trades(List<Trade> trades);

        /** A ticker, quote or candle. */
        void event(MarketEvent event);

        void snapshot(BookSnapshot snapshot);

        void delta(BookDelta delta);

        /** An Exchange feed heartbeat: the product's latest trade id (0 when Coinbase sends none). */
        void heartbeat(Instrument instrument, long lastTradeId);

        /** The venue reported an error (a refused subscription, say). */
        void venueError(String message);

        /** A well-formed message this adapter does not use. */
        void ignored(String what);
    }

    /**
     * @throws DecodeException naming what was wrong; events decoded before the problem have been
     *         handed over
     */
    void decode(String text, long receivedNanos, Handler handler)
            throws DecodeException
    {
        JsonObject frame = JsonObject.parseObject(text);
        if (frame.has("channel")) {
            advancedTrade(frame, receivedNanos, handler);
        }
        else if (frame.has("type")) {
            exchange(frame, receivedNanos, handler);
        }
        else {
            throw new DecodeException("neither an Advanced Trade envelope (channel) nor an Exchange feed message (type)");
        }
    }

    private void advancedTrade(JsonObject frame, long receivedNanos, Handler handler)
            throws DecodeException
    {
        String channel = frame.string("channel");
        long sequence = frame.longValue("sequence_num");
        handler.sequence(sequence);
        long venueNanos = frame.has("timestamp") ? nanos(frame, "timestamp") : 0;
        try {
            switch (channel) {
                case "l2_data":
                case "level2":
                    handler.stream("level2");
                    for (JsonObject event : events(frame)) {
                        level2(event, sequence, venueNanos, receivedNanos, handler);
                    }
                    break;
                case "market_trades":
                    handler.stream(channel);
                    for (JsonObject event : events(frame)) {
                        handler.trades(marketTrades(event, receivedNanos));
                    }
                    break;
                case "ticker":
                case "ticker_batch":
                    handler.stream(channel);
                    for (JsonObject event : events(frame)) {
                        for (JsonObject ticker : objects(event, "tickers")) {
                            advancedTicker(ticker, sequence, venueNanos, receivedNanos, handler);
                        }
                    }
                    break;
                case "candles":
                    handler.stream(channel);
                    for (JsonObject event : events(frame)) {
                        for (JsonObject candle : objects(event, "candles")) {
                            handler.event(candle(candle, venueNanos, receivedNanos));
                        }
                    }
                    break;
                case "heartbeats":
                    handler.stream(channel);
                    break;
                default:
                    handler.ignored("channel " + channel);
            }
        }
        catch (DecodeException e) {
            throw new DecodeException(channel + " #" + sequence + ": " + e.getMessage(), e);
        }
    }

    private void level2(JsonObject event, long sequence, long venueNanos, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = instrument(event, "product_id");
        String type = event.string("type");
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (JsonObject update : objects(event, "updates")) {
            PriceLevel level = new PriceLevel(update.decimal("price_level"), update.decimal("new_quantity"));
            String side = update.string("side");
            switch (side) {
                case "bid":
                    bids.add(level);
                    break;
                case "offer":
                case "ask":
                    asks.add(level);
                    break;
                default:
                    throw new DecodeException("level2 update side \"" + side + "\" is neither bid nor offer");
            }
        }
        if (type.equals("snapshot")) {
            handler.snapshot(new BookSnapshot(instrument, venueNanos, receivedNanos, sequence, bids, asks));
        }
        else if (type.equals("update")) {
            // the chain is the connection's sequence_num, which the connector follows across channels
            handler.delta(new BookDelta(instrument, venueNanos, receivedNanos, -1, sequence, bids, asks));
        }
        else {
            throw new DecodeException("level2 event type \"" + type + "\" is neither snapshot nor update");
        }
    }

    private List<Trade> marketTrades(JsonObject event, long receivedNanos)
            throws DecodeException
    {
        List<Trade> trades = new ArrayList<>();
        for (JsonObject trade : objects(event, "trades")) {
            trades.add(trade(trade, instrument(trade, "product_id"), receivedNanos, false));
        }
        // a snapshot lists the latest trades newest first
        trades.sort(Comparator.comparing((Trade trade) -> trade.instrument().nativeSymbol()).thenComparing(CoinbaseDecoder::tradeNumber));
        return trades;
    }

    /**
     * Reads a trade of either feed or of their REST answers: {@code trade_id}, {@code price},
     * {@code size}, {@code time}, {@code side}. Coinbase's side is the maker's, so the taker,
     * whom {@link Trade#side()} names, took the other side.
     */
    static Trade trade(JsonObject trade, Instrument instrument, long receivedNanos, boolean backfilled)
            throws DecodeException
    {
        Object id = trade.get("trade_id");
        if (id == null) {
            throw new DecodeException("missing field 'trade_id'");
        }
        String side = trade.string("side");
        Side taker;
        if (side.equalsIgnoreCase("sell")) {
            taker = Side.BUY;
        }
        else if (side.equalsIgnoreCase("buy")) {
            taker = Side.SELL;
        }
        else {
            throw new DecodeException("trade side \"" + side + "\" is neither buy nor sell");
        }
        return new Trade(instrument, nanos(trade, "time"), receivedNanos, id.toString(), trade.decimal("price"), trade.decimal("size"), taker, backfilled);
    }

    private void advancedTicker(JsonObject ticker, long sequence, long venueNanos, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = instrument(ticker, "product_id");
        Decimal bid = ticker.optionalDecimal("best_bid");
        Decimal bidSize = ticker.optionalDecimal("best_bid_quantity");
        Decimal ask = ticker.optionalDecimal("best_ask");
        Decimal askSize = ticker.optionalDecimal("best_ask_quantity");
        handler.event(new Ticker(instrument, venueNanos, receivedNanos, ticker.decimal("price"), bid, bidSize, ask, askSize,
                null, ticker.optionalDecimal("high_24_h"), ticker.optionalDecimal("low_24_h"), ticker.optionalDecimal("volume_24_h"), null));
        quote(instrument, venueNanos, receivedNanos, sequence, bid, bidSize, ask, askSize, handler);
    }

    private static void quote(Instrument instrument, long venueNanos, long receivedNanos, long seq, Decimal bid, Decimal bidSize, Decimal ask, Decimal askSize, Handler handler)
    {
        if (bid != null && bidSize != null && ask != null && askSize != null) {
            handler.event(new Quote(instrument, venueNanos, receivedNanos, seq, bid, bidSize, ask, askSize));
        }
    }

    private Candle candle(JsonObject candle, long venueNanos, long receivedNanos)
            throws DecodeException
    {
        long openMillis = candle.longValue("start") * 1000;
        // a candle is final once the envelope's time is past its interval
        boolean closed = venueNanos > 0 && venueNanos / 1_000_000 >= openMillis + WEB_SOCKET_CANDLES.millis();
        return new Candle(instrument(candle, "product_id"), venueNanos, receivedNanos, WEB_SOCKET_CANDLES, openMillis,
                candle.decimal("open"), candle.decimal("high"), candle.decimal("low"), candle.decimal("close"), candle.decimal("volume"),
                null, -1, null, null, null, CandleSource.VENUE, closed, 0);
    }

    private void exchange(JsonObject message, long receivedNanos, Handler handler)
            throws DecodeException
    {
        String type = message.string("type");
        try {
            switch (type) {
                case "snapshot":
                    handler.stream(exchangeBookChannel);
                    handler.snapshot(new BookSnapshot(instrument(message, "product_id"), optionalNanos(message), receivedNanos, -1,
                            message.levels("bids"), message.levels("asks")));
                    break;
                case "l2update":
                    handler.stream(exchangeBookChannel);
                    handler.delta(l2update(message, receivedNanos));
                    break;
                case "match":
                case "last_match":
                    handler.stream("matches");
                    handler.trades(List.of(trade(message, instrument(message, "product_id"), receivedNanos, false)));
                    break;
                case "ticker":
                    handler.stream("ticker");
                    exchangeTicker(message, receivedNanos, handler);
                    break;
                case "heartbeat":
                    handler.stream("heartbeat");
                    handler.heartbeat(instrument(message, "product_id"), message.longValue("last_trade_id", 0));
                    break;
                case "error":
                    handler.venueError(message.optionalString("message") + (message.has("reason") ? ": " + message.get("reason") : ""));
                    break;
                default:
                    handler.ignored("message type " + type);
            }
        }
        catch (DecodeException e) {
            throw new DecodeException(type + ": " + e.getMessage(), e);
        }
    }

    private BookDelta l2update(JsonObject message, long receivedNanos)
            throws DecodeException
    {
        List<PriceLevel> bids = new ArrayList<>();
        List<PriceLevel> asks = new ArrayList<>();
        for (Object element : message.array("changes")) {
            if (!(element instanceof List<?> change) || change.size() < 3) {
                throw new DecodeException("change is " + JsonObject.describe(element) + ", not [side, price, size]");
            }
            PriceLevel level = new PriceLevel(JsonObject.toDecimal("changes price", change.get(1)), JsonObject.toDecimal("changes size", change.get(2)));
            Object side = change.get(0);
            if ("buy".equals(side)) {
                bids.add(level);
            }
            else if ("sell".equals(side)) {
                asks.add(level);
            }
            else {
                throw new DecodeException("change side " + JsonObject.describe(side) + " is neither buy nor sell");
            }
        }
        // level2 carries no sequence: nothing chains one update to the last
        return new BookDelta(instrument(message, "product_id"), optionalNanos(message), receivedNanos, -1, -1, bids, asks);
    }

    private void exchangeTicker(JsonObject message, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = instrument(message, "product_id");
        long venueNanos = optionalNanos(message);
        Decimal bid = message.optionalDecimal("best_bid");
        Decimal bidSize = message.optionalDecimal("best_bid_size");
        Decimal ask = message.optionalDecimal("best_ask");
        Decimal askSize = message.optionalDecimal("best_ask_size");
        handler.event(new Ticker(instrument, venueNanos, receivedNanos, message.decimal("price"), bid, bidSize, ask, askSize,
                message.optionalDecimal("open_24h"), message.optionalDecimal("high_24h"), message.optionalDecimal("low_24h"),
                message.optionalDecimal("volume_24h"), null));
        quote(instrument, venueNanos, receivedNanos, message.longValue("sequence", -1), bid, bidSize, ask, askSize, handler);
    }

    private Instrument instrument(JsonObject object, String field)
            throws DecodeException
    {
        String productId = object.string(field);
        try {
            return instruments.apply(productId);
        }
        catch (IllegalArgumentException e) {
            throw new DecodeException(e.getMessage());
        }
    }

    private static List<JsonObject> events(JsonObject frame)
            throws DecodeException
    {
        return objects(frame, "events");
    }

    private static List<JsonObject> objects(JsonObject parent, String field)
            throws DecodeException
    {
        List<JsonObject> objects = new ArrayList<>();
        for (Object element : parent.array(field)) {
            if (!(element instanceof JsonObject object)) {
                throw new DecodeException("an element of '" + field + "' is " + JsonObject.describe(element) + ", not an object");
            }
            objects.add(object);
        }
        return objects;
    }

    private static long optionalNanos(JsonObject object)
            throws DecodeException
    {
        return object.has("time") ? nanos(object, "time") : 0;
    }

    /**
     * @return an ISO-8601 UTC time ({@code 2026-08-09T21:05:48.228568804Z}) in epoch nanoseconds
     */
    static long nanos(JsonObject object, String field)
            throws DecodeException
    {
        String text = object.string(field);
        try {
            Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
        }
        catch (DateTimeParseException e) {
            throw new DecodeException("field '" + field + "' is not an ISO-8601 time: " + JsonObject.describe(text));
        }
    }

    static long tradeNumber(Trade trade)
    {
        try {
            return Long.parseLong(trade.tradeId());
        }
        catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
