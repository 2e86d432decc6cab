package io.marketpipe.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonTokens;

import java.io.IOException;
import java.util.List;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Decodes the frames that make up nearly all Binance traffic (diff depth, trades and aggregate
 * trades, book tickers, bare or in a combined stream) straight from the JSON tokens, without a
 * tree. A frame of any other shape, or one whose fields are missing or of an unexpected type, is
 * left to the {@link BinanceDecoder}'s general path, which decodes it or says what is wrong:
 * {@link #decode} then returns false having handed over nothing.
 */
final class BinanceStreamingDecoder
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final Function<String, Instrument> instruments;

    BinanceStreamingDecoder(Function<String, Instrument> instruments)
    {
        this.instruments = requireNonNull(instruments, "instruments is null");
    }

    /**
     * @return true when the frame was decoded and handed over; false when it is for the general path
     */
    boolean decode(String text, long receivedNanos, BinanceDecoder.Handler handler)
    {
        Payload top = new Payload();
        Payload data = null;
        String stream = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return false;
            }
            for (JsonToken token = parser.nextToken(); token == JsonToken.FIELD_NAME; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("stream")) {
                    if (value != JsonToken.VALUE_STRING || stream != null) {
                        return false;
                    }
                    stream = parser.getText();
                }
                else if (name.equals("data")) {
                    if (value != JsonToken.START_OBJECT || data != null) {
                        return false;
                    }
                    data = new Payload();
                    for (JsonToken field = parser.nextToken(); field == JsonToken.FIELD_NAME; field = parser.nextToken()) {
                        String fieldName = parser.currentName();
                        if (!data.read(fieldName, parser.nextToken(), parser)) {
                            return false;
                        }
                    }
                }
                else if (!top.read(name, value, parser)) {
                    return false;
                }
            }
            if (parser.nextToken() != null) {
                return false;
            }
        }
        catch (IOException | DecodeException e) {
            return false;
        }
        Payload payload;
        if (stream != null && data != null) {
            payload = data;
        }
        else if (stream == null && data == null && !top.other) {
            payload = top;
        }
        else {
            return false;
        }
        return hand(payload, stream, receivedNanos, handler);
    }

    private boolean hand(Payload payload, String stream, long receivedNanos, BinanceDecoder.Handler handler)
    {
        String type = payload.type;
        if (payload.symbol == null) {
            return false;
        }
        // every check comes first: once the stream is announced, the frame is this path's
        if (type == null || type.equals("bookTicker")) {
            boolean bookTicker = type != null || (stream != null && (stream.endsWith("@bookTicker") || stream.equals("!bookTicker")));
            if (!bookTicker || payload.bidPrice == null || payload.bidSize == null || payload.askPrice == null || payload.askSize == null || !payload.has(Payload.UPDATE)) {
                return false;
            }
            announce(stream, handler);
            handler.event(new Quote(instruments.apply(payload.symbol), payload.venueNanos(), receivedNanos, payload.integer(Payload.UPDATE),
                    payload.bidPrice, payload.bidSize, payload.askPrice, payload.askSize));
            return true;
        }
        switch (type) {
            case "depthUpdate":
                if (payload.bids == null || payload.asks == null || !payload.has(Payload.UPDATE) || !payload.has(Payload.FIRST_UPDATE) || (stream != null && isPartialDepth(stream))) {
                    return false;
                }
                announce(stream, handler);
                handler.depthUpdate(new BinanceDepthUpdate(instruments.apply(payload.symbol), payload.venueNanos(), receivedNanos,
                        payload.integer(Payload.FIRST_UPDATE), payload.integer(Payload.UPDATE), payload.has(Payload.PREVIOUS_UPDATE) ? payload.integer(Payload.PREVIOUS_UPDATE) : -1, payload.bids, payload.asks));
                return true;
            case "trade":
            case "aggTrade":
                boolean aggregate = type.equals("aggTrade");
                if (payload.price == null || payload.quantity == null || payload.maker == null || !payload.has(Payload.TRADE_TIME)
                        || !(aggregate ? payload.has(Payload.AGGREGATE_ID) : payload.has(Payload.TRADE_ID))) {
                    return false;
                }
                announce(stream, handler);
                // m: the buyer was the maker, so the seller took liquidity
                handler.event(new Trade(instruments.apply(payload.symbol), payload.integer(Payload.TRADE_TIME) * NANOS_PER_MILLI, receivedNanos,
                        Long.toString(aggregate ? payload.integer(Payload.AGGREGATE_ID) : payload.integer(Payload.TRADE_ID)), payload.price, payload.quantity,
                        payload.maker ? Side.SELL : Side.BUY, false));
                return true;
            default:
                return false;
        }
    }

    private static void announce(String stream, BinanceDecoder.Handler handler)
    {
        if (stream != null) {
            handler.stream(stream);
        }
    }

    private static boolean isPartialDepth(String stream)
    {
        int at = stream.indexOf("@depth");
        int next = at + "@depth".length();
        return at >= 0 && next < stream.length() && Character.isDigit(stream.charAt(next));
    }

    /**
     * The fields of one event object that the common frames use; {@code other} marks a field that
     * makes the frame something else (a request response, a venue message, an event wrapper).
     */
    private static final class Payload
    {
        static final int EVENT_TIME = 0;
        static final int TRADE_TIME = 1;
        static final int FIRST_UPDATE = 2;
        static final int UPDATE = 3;
        static final int PREVIOUS_UPDATE = 4;
        static final int TRADE_ID = 5;
        static final int AGGREGATE_ID = 6;

        String type;
        String symbol;
        // integer fields by slot, and which of them the payload has
        private final long[] integers = new long[7];
        private int present;
        Decimal price;
        Decimal quantity;
        Decimal bidPrice;
        Decimal bidSize;
        Decimal askPrice;
        Decimal askSize;
        List<PriceLevel> bids;
        List<PriceLevel> asks;
        Boolean maker;
        boolean other;

        /**
         * @return false when a field the common frames use has a type they do not have
         */
        boolean read(String name, JsonToken value, JsonParser parser)
                throws IOException, DecodeException
        {
            if (value == JsonToken.VALUE_NULL) {
                // the general path tells an explicit null from an absent field
                return !isUsed(name);
            }
            switch (name) {
                case "e":
                    type = string(value, parser);
                    return type != null && !type.isEmpty();
                case "s":
                    symbol = string(value, parser);
                    return symbol != null;
                case "E":
                    return integer(EVENT_TIME, value, parser);
                case "T":
                    return integer(TRADE_TIME, value, parser);
                case "U":
                    return integer(FIRST_UPDATE, value, parser);
                case "u":
                    return integer(UPDATE, value, parser);
                case "pu":
                    return integer(PREVIOUS_UPDATE, value, parser);
                case "t":
                    return integer(TRADE_ID, value, parser);
                case "p":
                    price = JsonTokens.decimal(parser);
                    return true;
                case "q":
                    quantity = JsonTokens.decimal(parser);
                    return true;
                case "B":
                    bidSize = JsonTokens.decimal(parser);
                    return true;
                case "A":
                    askSize = JsonTokens.decimal(parser);
                    return true;
                case "m":
                    maker = value == JsonToken.VALUE_TRUE ? Boolean.TRUE : value == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                    return maker != null;
                case "b":
                    // levels (depth), a decimal (book ticker) or an order id (trade)
                    if (value == JsonToken.START_ARRAY) {
                        bids = JsonTokens.levels(parser);
                    }
                    else if (value == JsonToken.VALUE_STRING) {
                        bidPrice = JsonTokens.decimal(parser);
                    }
                    return value == JsonToken.START_ARRAY || value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT;
                case "a":
                    // levels (depth), a decimal (book ticker), the aggregate trade id or an order id (trade)
                    if (value == JsonToken.START_ARRAY) {
                        asks = JsonTokens.levels(parser);
                    }
                    else if (value == JsonToken.VALUE_STRING) {
                        askPrice = JsonTokens.decimal(parser);
                    }
                    else if (value == JsonToken.VALUE_NUMBER_INT) {
                        integer(AGGREGATE_ID, value, parser);
                    }
                    return value == JsonToken.START_ARRAY || value == JsonToken.VALUE_STRING || value == JsonToken.VALUE_NUMBER_INT;
                case "event":
                case "id":
                case "result":
                case "error":
                case "code":
                case "msg":
                case "lastUpdateId":
                    other = true;
                    parser.skipChildren();
                    return true;
                default:
                    parser.skipChildren();
                    return true;
            }
        }

        private boolean integer(int slot, JsonToken value, JsonParser parser)
                throws IOException
        {
            if (value != JsonToken.VALUE_NUMBER_INT) {
                return false;
            }
            integers[slot] = parser.getLongValue();
            present |= 1 << slot;
            return true;
        }

        boolean has(int slot)
        {
            return (present & (1 << slot)) != 0;
        }

        long integer(int slot)
        {
            return integers[slot];
        }

        private static boolean isUsed(String name)
        {
            return switch (name) {
                case "e", "s", "E", "T", "U", "u", "pu", "t", "p", "q", "B", "A", "m", "b", "a", "event", "id", "result", "error", "code", "msg", "lastUpdateId" -> true;
                default -> false;
            };
        }

        private static String string(JsonToken value, JsonParser parser)
                throws IOException
        {
            return value == JsonToken.VALUE_STRING ? parser.getText() : null;
        }

        /**
         * @return the transaction time {@code T} where futures send it, else the event time {@code E}, else 0
         */
        long venueNanos()
        {
            return (has(TRADE_TIME) ? integers[TRADE_TIME] : has(EVENT_TIME) ? integers[EVENT_TIME] : 0) * NANOS_PER_MILLI;
        }
    }
}
