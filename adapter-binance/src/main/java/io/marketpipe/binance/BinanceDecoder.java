package io.marketpipe.binance;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;

import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Turns Binance stream frames into canonical events. It decodes by what a payload is (its event
 * type {@code e}, or the stream name where Binance sends no type), never by what was subscribed,
 * so a capture recorded with other streams replays as well as live traffic. The frames that
 * make up most of the traffic are read straight from the JSON tokens ({@link BinanceStreamingDecoder}),
 * the others through a generic JSON tree. Stateless and thread-safe.
 */
final class BinanceDecoder
{
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final Function<String, Instrument> instruments;
    private final BinanceStreamingDecoder common;

    /**
     * @param instruments finds the instrument of a native symbol
     */
    BinanceDecoder(Function<String, Instrument> instruments)
    {
        this.instruments = requireNonNull(instruments, "instruments is null");
        this.common = new BinanceStreamingDecoder(instruments);
    }

    /**
     * Receives what a frame holds.
     */
    interface Handler
    {
        /** A frame of a combined stream arrived; its payload follows, or a decode failure. */
        void stream(String name);

        /** A trade, quote, ticker, candle or funding rate. */
        void event(MarketEvent event);

        void depthUpdate(BinanceDepthUpdate update);

        /** Binance announced that it will close this connection soon. */
        void serverShutdown();

        /** A well-formed payload this adapter does not use (a request response, partial depth, an unknown event type). */
        void ignored(String what);
    }

    /**
     * @throws DecodeException naming what was wrong; events decoded before the problem
     *         (earlier elements of an array) have been handed over
     */
    void decode(String text, long receivedNanos, Handler handler)
            throws DecodeException
    {
        if (!common.decode(text, receivedNanos, handler)) {
            decodeTree(text, receivedNanos, handler);
        }
    }

    /**
     * Decodes any frame through the generic JSON tree: the path of every frame the
     * {@link BinanceStreamingDecoder} leaves, and the reference it is held to.
     */
    void decodeTree(String text, long receivedNanos, Handler handler)
            throws DecodeException
    {
        Object root = JsonObject.parse(text);
        if (root instanceof List) {
            payload((List<?>) root, null, receivedNanos, handler);
            return;
        }
        if (!(root instanceof JsonObject)) {
            throw new DecodeException("expected a JSON object, got " + JsonObject.describe(root));
        }
        JsonObject frame = (JsonObject) root;
        if (frame.has("stream") && frame.has("data")) {
            String stream = frame.string("stream");
            handler.stream(stream);
            payload(frame.get("data"), stream, receivedNanos, handler);
        }
        else if (frame.has("event")) {
            payload(frame.get("event"), null, receivedNanos, handler);
        }
        else if (frame.hasKey("id") && (frame.hasKey("result") || frame.has("error"))) {
            handler.ignored("response to request " + frame.get("id"));
        }
        else if (frame.has("code") && frame.has("msg")) {
            handler.ignored("venue message " + frame.get("code") + ": " + frame.get("msg"));
        }
        else {
            event(frame, null, receivedNanos, handler);
        }
    }

    private void payload(Object data, String stream, long receivedNanos, Handler handler)
            throws DecodeException
    {
        if (data instanceof List) {
            for (Object element : (List<?>) data) {
                if (!(element instanceof JsonObject)) {
                    throw new DecodeException("array element is " + JsonObject.describe(element) + ", not an event object");
                }
                event((JsonObject) element, stream, receivedNanos, handler);
            }
        }
        else if (data instanceof JsonObject) {
            event((JsonObject) data, stream, receivedNanos, handler);
        }
        else {
            throw new DecodeException("payload is " + JsonObject.describe(data) + ", not an event object");
        }
    }

    private void event(JsonObject data, String stream, long receivedNanos, Handler handler)
            throws DecodeException
    {
        String type = data.optionalString("e");
        if (type == null) {
            if (isBookTicker(data, stream)) {
                type = "bookTicker";
            }
            else if (data.has("lastUpdateId")) {
                handler.ignored("partial book depth " + stream);
                return;
            }
            else {
                throw new DecodeException("payload has no event type 'e'" + (stream == null ? "" : " (stream " + stream + ")"));
            }
        }
        try {
            switch (type) {
                case "depthUpdate":
                    if (isPartialDepth(stream)) {
                        handler.ignored("partial book depth " + stream);
                    }
                    else {
                        handler.depthUpdate(depthUpdate(data, receivedNanos));
                    }
                    break;
                case "trade":
                    handler.event(trade(data, "t", receivedNanos));
                    break;
                case "aggTrade":
                    handler.event(trade(data, "a", receivedNanos));
                    break;
                case "bookTicker":
                    handler.event(quote(data, receivedNanos));
                    break;
                case "24hrTicker":
                    handler.event(ticker(data, receivedNanos));
                    break;
                case "kline":
                    handler.event(candle(data, receivedNanos));
                    break;
                case "markPriceUpdate":
                    if (data.optionalString("r") == null) {
                        // dated COIN-M contracts send an empty funding rate: they have no funding
                        handler.ignored("mark price without funding rate for " + data.optionalString("s"));
                    }
                    else {
                        handler.event(funding(data, receivedNanos));
                    }
                    break;
                case "serverShutdown":
                    handler.serverShutdown();
                    break;
                default:
                    handler.ignored("event type " + type);
            }
        }
        catch (DecodeException e) {
            throw new DecodeException(type + ": " + e.getMessage(), e);
        }
    }

    private static boolean isBookTicker(JsonObject data, String stream)
    {
        if (stream != null && (stream.endsWith("@bookTicker") || stream.equals("!bookTicker"))) {
            return true;
        }
        return data.has("u") && data.has("b") && data.has("B") && data.has("a") && data.has("A");
    }

    /**
     * Futures partial depth ({@code @depth5}, {@code @depth20@100ms}) carries the same event type
     * as the diff stream but holds top-N levels, not changes.
     */
    private static boolean isPartialDepth(String stream)
    {
        if (stream == null) {
            return false;
        }
        int at = stream.indexOf("@depth");
        int next = at + "@depth".length();
        return at >= 0 && next < stream.length() && Character.isDigit(stream.charAt(next));
    }

    private BinanceDepthUpdate depthUpdate(JsonObject data, long receivedNanos)
            throws DecodeException
    {
        return new BinanceDepthUpdate(
                instrument(data),
                venueNanos(data),
                receivedNanos,
                data.longValue("U"),
                data.longValue("u"),
                data.longValue("pu", -1),
                data.levels("b"),
                data.levels("a"));
    }

    private Trade trade(JsonObject data, String idField, long receivedNanos)
            throws DecodeException
    {
        // m: the buyer was the maker, so the seller took liquidity
        Side side = data.booleanValue("m") ? Side.SELL : Side.BUY;
        return new Trade(
                instrument(data),
                data.longValue("T") * NANOS_PER_MILLI,
                receivedNanos,
                Long.toString(data.longValue(idField)),
                data.decimal("p"),
                data.decimal("q"),
                side,
                false);
    }

    private Quote quote(JsonObject data, long receivedNanos)
            throws DecodeException
    {
        return new Quote(
                instrument(data),
                venueNanos(data),
                receivedNanos,
                data.longValue("u"),
                data.decimal("b"),
                data.decimal("B"),
                data.decimal("a"),
                data.decimal("A"));
    }

    private Ticker ticker(JsonObject data, long receivedNanos)
            throws DecodeException
    {
        return new Ticker(
                instrument(data),
                venueNanos(data),
                receivedNanos,
                data.decimal("c"),
                data.optionalDecimal("b"),
                data.optionalDecimal("B"),
                data.optionalDecimal("a"),
                data.optionalDecimal("A"),
                data.optionalDecimal("o"),
                data.optionalDecimal("h"),
                data.optionalDecimal("l"),
                data.optionalDecimal("v"),
                data.optionalDecimal("q"));
    }

    private Candle candle(JsonObject data, long receivedNanos)
            throws DecodeException
    {
        JsonObject kline = data.object("k");
        CandleInterval interval;
        try {
            interval = CandleInterval.parse(kline.string("i"));
        }
        catch (IllegalArgumentException e) {
            throw new DecodeException("field 'i': " + e.getMessage());
        }
        Decimal volume = kline.decimal("v");
        Decimal takerBuyVolume = kline.optionalDecimal("V");
        return new Candle(
                instrument(data),
                venueNanos(data),
                receivedNanos,
                interval,
                kline.longValue("t"),
                kline.decimal("o"),
                kline.decimal("h"),
                kline.decimal("l"),
                kline.decimal("c"),
                volume,
                kline.optionalDecimal("q"),
                kline.longValue("n", -1),
                null,
                takerBuyVolume,
                takerBuyVolume == null ? null : volume.subtract(takerBuyVolume),
                CandleSource.VENUE,
                kline.booleanValue("x"),
                0);
    }

    private FundingRate funding(JsonObject data, long receivedNanos)
            throws DecodeException
    {
        return new FundingRate(
                instrument(data),
                data.longValue("E", 0) * NANOS_PER_MILLI,
                receivedNanos,
                data.decimal("r"),
                data.longValue("T", 0),
                data.optionalDecimal("p"),
                data.optionalDecimal("i"));
    }

    private Instrument instrument(JsonObject data)
            throws DecodeException
    {
        return instruments.apply(data.string("s"));
    }

    /**
     * @return the transaction time {@code T} where futures send it, else the event time {@code E}, else 0
     */
    private static long venueNanos(JsonObject data)
            throws DecodeException
    {
        return data.longValue("T", data.longValue("E", 0)) * NANOS_PER_MILLI;
    }
}
