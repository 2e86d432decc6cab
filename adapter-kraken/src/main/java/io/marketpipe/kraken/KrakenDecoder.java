package io.marketpipe.kraken;

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
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Decodes Kraken spot WebSocket frames of both API generations into canonical events. A v1 data
 * frame is an array {@code [channelID, payload..., channelName, pair]}; a v1 event an object with
 * {@code event}; every v2 frame an object with {@code channel} or {@code method}. Frames are
 * told apart by that shape, so one decoder serves live connections and replayed captures of
 * either generation. Data frames are matched to their pair by the pair name they carry, never by
 * channel id, which is only unique per connection.
 */
final class KrakenDecoder
{
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int NANO_DIGITS = 9;
    /** The depth of a v1 book channel named without one. */
    private static final int V1_DEFAULT_DEPTH = 10;

    /**
     * Receives what the frames carry, on the connection's thread.
     */
    interface Handler
    {
        /** @return the instrument of a v1 pair name ({@code XBT/USD}) */
        Instrument v1Pair(String pair);

        /** @return the instrument of a v2 symbol ({@code BTC/USD}) */
        Instrument v2Symbol(String symbol);

        /**
         * @param depth the levels per side of the subscription, or 0 when the frame does not say
         */
        void bookSnapshot(KrakenApi api, int depth, BookSnapshot snapshot);

        void bookUpdate(KrakenApi api, int depth, BookDelta delta);

        /** A trade; v1 trades carry no venue id ({@code api} tells). */
        void trade(KrakenApi api, Trade trade);

        /** Tickers, quotes and candles. */
        void event(MarketEvent event);

        /** A pair's precisions from the v2 instrument channel. */
        void precision(Instrument instrument, int priceDecimals, int quantityDecimals);

        /**
         * A subscription was confirmed or refused.
         *
         * @param instrument the pair concerned, or null
         * @param error Kraken's error message, or null on success
         */
        void subscription(KrakenApi api, String channel, Instrument instrument, int depth, String error);

        /** Kraken reported its system status (online, maintenance, cancel_only, post_only). */
        void systemStatus(String status);

        /** A stream delivered data: {@code channel:pair}. */
        void stream(String name);

        void ignored(String what);
    }

    /**
     * @throws DecodeException when the frame is not what Kraken documents
     */
    void decode(String text, long receivedNanos, Handler handler)
            throws DecodeException
    {
        requireNonNull(handler, "handler is null");
        Object frame = JsonObject.parse(text);
        if (frame instanceof List<?> array) {
            decodeV1Data(array, receivedNanos, handler);
        }
        else if (frame instanceof JsonObject object) {
            if (object.has("channel")) {
                decodeV2Channel(object, receivedNanos, handler);
            }
            else if (object.has("method")) {
                decodeV2Method(object, handler);
            }
            else if (object.has("event")) {
                decodeV1Event(object, handler);
            }
            else {
                throw new DecodeException("an object without channel, method or event is no Kraken spot frame");
            }
        }
        else {
            throw new DecodeException("expected a JSON array or object, got " + JsonObject.describe(frame));
        }
    }

    // ---- v1 ----

    private void decodeV1Data(List<?> frame, long receivedNanos, Handler handler)
            throws DecodeException
    {
        if (frame.size() < 4 || !(frame.get(frame.size() - 2) instanceof String channel) || !(frame.get(frame.size() - 1) instanceof String pair)) {
            throw new DecodeException("a v1 data frame is [channelID, payload, channelName, pair]; got " + frame.size() + " elements");
        }
        Instrument instrument = handler.v1Pair(pair);
        List<?> payloads = frame.subList(1, frame.size() - 2);
        String stream;
        if (channel.startsWith("book")) {
            int depth = v1Depth(channel);
            decodeV1Book(instrument, depth, payloads, receivedNanos, handler);
            stream = "book";
        }
        else if (channel.equals("trade")) {
            decodeV1Trades(instrument, list("trade", payloads.get(0)), receivedNanos, handler);
            stream = "trade";
        }
        else if (channel.equals("ticker")) {
            handler.event(v1Ticker(instrument, object("ticker", payloads.get(0)), receivedNanos));
            stream = "ticker";
        }
        else if (channel.equals("spread")) {
            handler.event(v1Spread(instrument, list("spread", payloads.get(0)), receivedNanos));
            stream = "spread";
        }
        else if (channel.startsWith("ohlc-")) {
            handler.event(v1Candle(instrument, channel, list("ohlc", payloads.get(0)), receivedNanos));
            stream = channel;
        }
        else {
            handler.ignored("v1 channel " + channel);
            return;
        }
        handler.stream(stream + ":" + instrument.nativeSymbol());
    }

    private static int v1Depth(String channel)
            throws DecodeException
    {
        int dash = channel.indexOf('-');
        if (dash < 0) {
            return V1_DEFAULT_DEPTH;
        }
        try {
            return Integer.parseInt(channel.substring(dash + 1));
        }
        catch (NumberFormatException e) {
            throw new DecodeException("book channel '" + channel + "' names no depth");
        }
    }

    private void decodeV1Book(Instrument instrument, int depth, List<?> payloads, long receivedNanos, Handler handler)
            throws DecodeException
    {
        JsonObject first = object("book", payloads.get(0));
        if (first.hasKey("as") || first.hasKey("bs")) {
            long[] latest = new long[1];
            List<PriceLevel> asks = first.hasKey("as") ? v1Levels(first, "as", latest) : List.of();
            List<PriceLevel> bids = first.hasKey("bs") ? v1Levels(first, "bs", latest) : List.of();
            handler.bookSnapshot(KrakenApi.V1, depth, new BookSnapshot(instrument, latest[0], receivedNanos, -1, bids, asks, BookDelta.NO_CHECKSUM));
            return;
        }
        List<PriceLevel> asks = new ArrayList<>();
        List<PriceLevel> bids = new ArrayList<>();
        long checksum = BookDelta.NO_CHECKSUM;
        long[] latest = new long[1];
        for (Object payload : payloads) {
            JsonObject part = object("book", payload);
            if (part.hasKey("a")) {
                asks.addAll(v1Levels(part, "a", latest));
            }
            if (part.hasKey("b")) {
                bids.addAll(v1Levels(part, "b", latest));
            }
            if (part.hasKey("c")) {
                checksum = unsigned("c", part.string("c"));
            }
        }
        handler.bookUpdate(KrakenApi.V1, depth, new BookDelta(instrument, latest[0], receivedNanos, -1, -1, bids, asks, checksum));
    }

    /**
     * Reads {@code [price, volume, timestamp(, "r")]} rows; the republish flag changes nothing in
     * how a level applies.
     */
    private static List<PriceLevel> v1Levels(JsonObject part, String name, long[] latest)
            throws DecodeException
    {
        List<?> rows = part.array(name);
        List<PriceLevel> levels = new ArrayList<>(rows.size());
        for (Object row : rows) {
            List<?> fields = list(name, row);
            if (fields.size() < 3) {
                throw new DecodeException("field '" + name + "' holds a level of " + fields.size() + " elements; expected [price, volume, timestamp]");
            }
            levels.add(new PriceLevel(JsonObject.toDecimal(name, fields.get(0)), JsonObject.toDecimal(name, fields.get(1))));
            latest[0] = Math.max(latest[0], epochNanos(name, fields.get(2)));
        }
        return levels;
    }

    private void decodeV1Trades(Instrument instrument, List<?> rows, long receivedNanos, Handler handler)
            throws DecodeException
    {
        for (int i = 0; i < rows.size(); i++) {
            List<?> fields = list("trade", rows.get(i));
            if (fields.size() < 4) {
                throw new DecodeException("a v1 trade is [price, volume, time, side, orderType, misc]; got " + fields.size() + " elements");
            }
            Decimal price = JsonObject.toDecimal("price", fields.get(0));
            Decimal volume = JsonObject.toDecimal("volume", fields.get(1));
            String time = string("time", fields.get(2));
            Side side = side(string("side", fields.get(3)));
            // v1 has no trade id: the venue time and the position in the frame name the trade
            String id = time + "-" + i;
            handler.trade(KrakenApi.V1, new Trade(instrument, epochNanos("time", time), receivedNanos, id, price, volume, side, false));
        }
    }

    private static Ticker v1Ticker(Instrument instrument, JsonObject ticker, long receivedNanos)
            throws DecodeException
    {
        List<?> ask = ticker.array("a");
        List<?> bid = ticker.array("b");
        return new Ticker(instrument, receivedNanos, receivedNanos,
                element(ticker, "c", 0),
                JsonObject.toDecimal("b", bid.get(0)), lotVolume("b", bid),
                JsonObject.toDecimal("a", ask.get(0)), lotVolume("a", ask),
                element(ticker, "o", 1), element(ticker, "h", 1), element(ticker, "l", 1), element(ticker, "v", 1), null);
    }

    // [price, wholeLotVolume, lotVolume]: the lot volume is the exact size
    private static Decimal lotVolume(String name, List<?> side)
            throws DecodeException
    {
        return JsonObject.toDecimal(name, side.get(side.size() > 2 ? 2 : 1));
    }

    private static Decimal element(JsonObject object, String name, int index)
            throws DecodeException
    {
        List<?> values = object.array(name);
        if (values.size() <= index) {
            throw new DecodeException("field '" + name + "' has no element " + index);
        }
        return JsonObject.toDecimal(name, values.get(index));
    }

    private static Quote v1Spread(Instrument instrument, List<?> spread, long receivedNanos)
            throws DecodeException
    {
        if (spread.size() < 5) {
            throw new DecodeException("a v1 spread is [bid, ask, timestamp, bidVolume, askVolume]; got " + spread.size() + " elements");
        }
        return new Quote(instrument, epochNanos("timestamp", spread.get(2)), receivedNanos, -1,
                JsonObject.toDecimal("bid", spread.get(0)), JsonObject.toDecimal("bidVolume", spread.get(3)),
                JsonObject.toDecimal("ask", spread.get(1)), JsonObject.toDecimal("askVolume", spread.get(4)));
    }

    private static Candle v1Candle(Instrument instrument, String channel, List<?> ohlc, long receivedNanos)
            throws DecodeException
    {
        if (ohlc.size() < 9) {
            throw new DecodeException("a v1 ohlc is [time, etime, open, high, low, close, vwap, volume, count]; got " + ohlc.size() + " elements");
        }
        CandleInterval interval = interval(channel.substring("ohlc-".length()));
        long endMillis = epochNanos("etime", ohlc.get(1)) / 1_000_000;
        return new Candle(instrument, epochNanos("time", ohlc.get(0)), receivedNanos, interval, endMillis - interval.millis(),
                JsonObject.toDecimal("open", ohlc.get(2)), JsonObject.toDecimal("high", ohlc.get(3)), JsonObject.toDecimal("low", ohlc.get(4)),
                JsonObject.toDecimal("close", ohlc.get(5)), JsonObject.toDecimal("volume", ohlc.get(7)), null,
                count("count", ohlc.get(8)), JsonObject.toDecimal("vwap", ohlc.get(6)), null, null, CandleSource.VENUE, false, 0);
    }

    private void decodeV1Event(JsonObject event, Handler handler)
            throws DecodeException
    {
        String name = event.string("event");
        switch (name) {
            case "heartbeat", "pong" -> {
            }
            case "systemStatus" -> handler.systemStatus(event.optionalString("status"));
            case "subscriptionStatus" -> {
                JsonObject subscription = event.has("subscription") ? event.object("subscription") : null;
                String channel = event.optionalString("channelName");
                if (channel == null && subscription != null) {
                    channel = subscription.optionalString("name");
                }
                String pair = event.optionalString("pair");
                int depth = subscription == null ? 0 : (int) subscription.longValue("depth", 0);
                String status = event.optionalString("status");
                String error = "error".equals(status) ? String.valueOf(event.optionalString("errorMessage")) : null;
                handler.subscription(KrakenApi.V1, channel == null ? "?" : channel, pair == null ? null : handler.v1Pair(pair), depth, error);
            }
            default -> handler.ignored("v1 event " + name);
        }
    }

    // ---- v2 ----

    private void decodeV2Channel(JsonObject frame, long receivedNanos, Handler handler)
            throws DecodeException
    {
        String channel = frame.string("channel");
        switch (channel) {
            case "heartbeat" -> {
            }
            case "status" -> {
                for (Object entry : frame.array("data")) {
                    handler.systemStatus(object("status", entry).optionalString("system"));
                }
            }
            case "book" -> {
                boolean snapshot = "snapshot".equals(frame.string("type"));
                for (Object entry : frame.array("data")) {
                    decodeV2Book(object("book", entry), snapshot, receivedNanos, handler);
                }
            }
            case "trade" -> {
                for (Object entry : frame.array("data")) {
                    JsonObject trade = object("trade", entry);
                    Instrument instrument = handler.v2Symbol(trade.string("symbol"));
                    handler.trade(KrakenApi.V2, new Trade(instrument, timestamp(trade.string("timestamp")), receivedNanos,
                            Long.toString(trade.longValue("trade_id")), trade.decimal("price"), trade.decimal("qty"), side(trade.string("side")), false));
                    handler.stream("trade:" + instrument.nativeSymbol());
                }
            }
            case "ticker" -> {
                for (Object entry : frame.array("data")) {
                    decodeV2Ticker(object("ticker", entry), receivedNanos, handler);
                }
            }
            case "ohlc" -> {
                for (Object entry : frame.array("data")) {
                    decodeV2Candle(object("ohlc", entry), receivedNanos, handler);
                }
            }
            case "instrument" -> decodeV2Instruments(frame.object("data"), handler);
            default -> handler.ignored("v2 channel " + channel);
        }
    }

    private void decodeV2Book(JsonObject book, boolean snapshot, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = handler.v2Symbol(book.string("symbol"));
        List<PriceLevel> bids = v2Levels(book, "bids");
        List<PriceLevel> asks = v2Levels(book, "asks");
        long checksum = book.has("checksum") ? book.longValue("checksum") : BookDelta.NO_CHECKSUM;
        String time = book.optionalString("timestamp");
        long venueNanos = time == null ? 0 : timestamp(time);
        if (snapshot) {
            handler.bookSnapshot(KrakenApi.V2, 0, new BookSnapshot(instrument, venueNanos, receivedNanos, -1, bids, asks, checksum));
        }
        else {
            handler.bookUpdate(KrakenApi.V2, 0, new BookDelta(instrument, venueNanos, receivedNanos, -1, -1, bids, asks, checksum));
        }
        handler.stream("book:" + instrument.nativeSymbol());
    }

    private static List<PriceLevel> v2Levels(JsonObject book, String name)
            throws DecodeException
    {
        if (!book.has(name)) {
            return List.of();
        }
        List<?> rows = book.array(name);
        List<PriceLevel> levels = new ArrayList<>(rows.size());
        for (Object row : rows) {
            JsonObject level = object(name, row);
            levels.add(new PriceLevel(level.decimal("price"), level.decimal("qty")));
        }
        return levels;
    }

    private void decodeV2Ticker(JsonObject ticker, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = handler.v2Symbol(ticker.string("symbol"));
        String time = ticker.optionalString("timestamp");
        long venueNanos = time == null ? receivedNanos : timestamp(time);
        Decimal bid = ticker.decimal("bid");
        Decimal bidSize = ticker.decimal("bid_qty");
        Decimal ask = ticker.decimal("ask");
        Decimal askSize = ticker.decimal("ask_qty");
        handler.event(new Quote(instrument, venueNanos, receivedNanos, -1, bid, bidSize, ask, askSize));
        handler.event(new Ticker(instrument, venueNanos, receivedNanos, ticker.optionalDecimal("last"), bid, bidSize, ask, askSize,
                null, ticker.optionalDecimal("high"), ticker.optionalDecimal("low"), ticker.optionalDecimal("volume"), null));
        handler.stream("ticker:" + instrument.nativeSymbol());
    }

    private void decodeV2Candle(JsonObject ohlc, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Instrument instrument = handler.v2Symbol(ohlc.string("symbol"));
        CandleInterval interval = interval(Long.toString(ohlc.longValue("interval")));
        String time = ohlc.optionalString("timestamp");
        long openMillis = timestamp(ohlc.string("interval_begin")) / 1_000_000;
        handler.event(new Candle(instrument, time == null ? receivedNanos : timestamp(time), receivedNanos, interval, openMillis,
                ohlc.decimal("open"), ohlc.decimal("high"), ohlc.decimal("low"), ohlc.decimal("close"), ohlc.decimal("volume"), null,
                ohlc.longValue("trades", 0), ohlc.optionalDecimal("vwap"), null, null, CandleSource.VENUE, false, 0));
        handler.stream("ohlc-" + interval.millis() / 60_000 + ":" + instrument.nativeSymbol());
    }

    private void decodeV2Instruments(JsonObject data, Handler handler)
            throws DecodeException
    {
        if (!data.has("pairs")) {
            return;
        }
        for (Object entry : data.array("pairs")) {
            JsonObject pair = object("pairs", entry);
            if (pair.has("price_precision") && pair.has("qty_precision")) {
                handler.precision(handler.v2Symbol(pair.string("symbol")), (int) pair.longValue("price_precision"), (int) pair.longValue("qty_precision"));
            }
        }
    }

    private void decodeV2Method(JsonObject frame, Handler handler)
            throws DecodeException
    {
        String method = frame.string("method");
        if (method.equals("pong")) {
            return;
        }
        if (!method.equals("subscribe") && !method.equals("unsubscribe")) {
            handler.ignored("v2 method " + method);
            return;
        }
        boolean success = frame.hasKey("success") && frame.booleanValue("success");
        JsonObject result = frame.has("result") ? frame.object("result") : null;
        String channel = result == null ? "?" : String.valueOf(result.optionalString("channel"));
        // a refusal names the symbol beside the error, an acknowledgement in its result
        Object named = result != null ? result.get("symbol") : frame.get("symbol");
        Instrument instrument = named instanceof String symbol ? handler.v2Symbol(symbol) : null;
        int depth = result == null ? 0 : (int) result.longValue("depth", 0);
        if (method.equals("unsubscribe") && success) {
            return;
        }
        handler.subscription(KrakenApi.V2, channel, instrument, depth, success ? null : String.valueOf(frame.optionalString("error")));
    }

    // ---- values ----

    private static Side side(String side)
    {
        return switch (side) {
            case "b", "buy" -> Side.BUY;
            case "s", "sell" -> Side.SELL;
            default -> Side.UNKNOWN;
        };
    }

    private static CandleInterval interval(String minutes)
            throws DecodeException
    {
        long count;
        try {
            count = Long.parseLong(minutes);
        }
        catch (NumberFormatException e) {
            throw new DecodeException("ohlc interval '" + minutes + "' is not a number of minutes");
        }
        if (count <= 0) {
            throw new DecodeException("ohlc interval '" + minutes + "' is not positive");
        }
        if (count % 1440 == 0) {
            return CandleInterval.parse(count / 1440 + "d");
        }
        if (count % 60 == 0) {
            return CandleInterval.parse(count / 60 + "h");
        }
        return CandleInterval.parse(count + "m");
    }

    /**
     * @return Kraken's epoch seconds with microseconds ({@code "1618678132.825306"}) as nanoseconds, exactly
     */
    static long epochNanos(String name, Object value)
            throws DecodeException
    {
        Decimal seconds = JsonObject.toDecimal(name, value);
        try {
            return seconds.unscaledValue(NANO_DIGITS);
        }
        catch (ArithmeticException e) {
            throw new DecodeException("field '" + name + "' is not a time in epoch seconds: " + JsonObject.describe(value));
        }
    }

    private static long timestamp(String text)
            throws DecodeException
    {
        try {
            Instant instant = Instant.parse(text);
            return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
        }
        catch (DateTimeParseException e) {
            throw new DecodeException("'" + text + "' is not an RFC 3339 timestamp");
        }
    }

    private static long unsigned(String name, String text)
            throws DecodeException
    {
        try {
            long value = Long.parseLong(text);
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new NumberFormatException();
            }
            return value;
        }
        catch (NumberFormatException e) {
            throw new DecodeException("field '" + name + "' is not an unsigned 32-bit checksum: " + JsonObject.describe(text));
        }
    }

    private static long count(String name, Object value)
            throws DecodeException
    {
        if (value instanceof Long number) {
            return number;
        }
        try {
            return Long.parseLong(string(name, value));
        }
        catch (NumberFormatException e) {
            throw new DecodeException("field '" + name + "' is not a count: " + JsonObject.describe(value));
        }
    }

    private static JsonObject object(String name, Object value)
            throws DecodeException
    {
        return typed(name, value, JsonObject.class, "an object");
    }

    private static List<?> list(String name, Object value)
            throws DecodeException
    {
        return typed(name, value, List.class, "an array");
    }

    private static String string(String name, Object value)
            throws DecodeException
    {
        return typed(name, value, String.class, "a string");
    }

    private static <T> T typed(String name, Object value, Class<T> type, String expected)
            throws DecodeException
    {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        throw new DecodeException("'" + name + "' should hold " + expected + ", got " + JsonObject.describe(value));
    }
}
