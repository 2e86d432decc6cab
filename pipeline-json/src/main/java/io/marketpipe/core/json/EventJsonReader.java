package io.marketpipe.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the objects {@link EventJson} writes back into events, for stores that keep events as
 * their JSON and answer queries from it. The JSON names an instrument by exchange, market and
 * canonical symbol only; the caller supplies the instrument they stand for. The venue time is
 * read back at the millisecond precision of {@code ts}.
 */
public final class EventJsonReader
{
    private static final JsonFactory JSON = new JsonFactory();

    /**
     * Finds the instrument an event object names.
     */
    @FunctionalInterface
    public interface InstrumentLookup
    {
        /**
         * @return the instrument, never null
         * @throws IllegalArgumentException when the instrument is unknown
         */
        Instrument instrument(String exchange, String market, String symbol);
    }

    private EventJsonReader() {}

    /**
     * @return the event the object describes
     * @throws IllegalArgumentException naming what is wrong when the text is not such an object
     */
    public static MarketEvent read(String json, InstrumentLookup instruments)
    {
        Map<String, Object> fields;
        try (JsonParser parser = JSON.createParser(json)) {
            fields = object(parser);
        }
        catch (IOException e) {
            throw new IllegalArgumentException("not an event object: " + e.getMessage(), e);
        }
        try {
            return event(new Fields(fields), instruments);
        }
        catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot read a " + fields.get("type") + " event: " + e.getMessage(), e);
        }
    }

    private static MarketEvent event(Fields fields, InstrumentLookup instruments)
    {
        String type = fields.text("type");
        Instrument instrument = fields.has("symbol")
                ? instruments.instrument(fields.text("exchange"), fields.text("market"), fields.text("symbol"))
                : null;
        long venueNanos = Math.multiplyExact(fields.number("ts"), 1_000_000L);
        long receivedNanos = fields.number("recv_ns");
        return switch (type) {
            case "trade" -> new Trade(instrument, venueNanos, receivedNanos, fields.text("id"), fields.decimal("price"), fields.decimal("size"),
                    wire(Side.values(), fields.text("side"), Side::wireName), Boolean.TRUE.equals(fields.values.get("backfilled")));
            case "candle" -> new Candle(instrument, venueNanos, receivedNanos, CandleInterval.parse(fields.text("interval")), fields.number("start"),
                    fields.decimal("open"), fields.decimal("high"), fields.decimal("low"), fields.decimal("close"), fields.decimal("volume"),
                    fields.decimalOrNull("quote_volume"), fields.numberOr("trades", -1), fields.decimalOrNull("vwap"),
                    fields.decimalOrNull("buy_volume"), fields.decimalOrNull("sell_volume"),
                    wire(CandleSource.values(), fields.text("source"), CandleSource::wireName),
                    Boolean.TRUE.equals(fields.values.get("final")), Math.toIntExact(fields.number("revision")));
            case "funding" -> new FundingRate(instrument, venueNanos, receivedNanos, fields.decimal("rate"), fields.numberOr("next_funding", 0),
                    fields.decimalOrNull("mark_price"), fields.decimalOrNull("index_price"));
            case "quote" -> new Quote(instrument, venueNanos, receivedNanos, fields.numberOr("seq", -1),
                    fields.decimal("bid"), fields.decimal("bid_size"), fields.decimal("ask"), fields.decimal("ask_size"));
            case "ticker" -> new Ticker(instrument, venueNanos, receivedNanos, fields.decimalOrNull("last"), fields.decimalOrNull("bid"),
                    fields.decimalOrNull("bid_size"), fields.decimalOrNull("ask"), fields.decimalOrNull("ask_size"), fields.decimalOrNull("open"),
                    fields.decimalOrNull("high"), fields.decimalOrNull("low"), fields.decimalOrNull("volume"), fields.decimalOrNull("quote_volume"));
            case "book" -> new BookDepth(instrument, venueNanos, receivedNanos, fields.numberOr("seq", -1), fields.levels("bids"), fields.levels("asks"),
                    Boolean.TRUE.equals(fields.values.get("snapshot")));
            case "indicator" -> new IndicatorValue(instrument, venueNanos, receivedNanos, fields.text("name"),
                    fields.has("interval") ? CandleInterval.parse(fields.text("interval")) : null, fields.number("start"),
                    Double.parseDouble(fields.text("value")), fields.components());
            case "status" -> new SourceStatus(fields.text("source"), fields.text("exchange"), fields.text("market"), instrument, venueNanos, receivedNanos,
                    wire(SourceStatus.Kind.values(), fields.text("kind"), SourceStatus.Kind::wireName), fields.text("reason"));
            case "dividend" -> new Dividend(instrument, venueNanos, receivedNanos, fields.decimal("amount"),
                    fields.has("currency") ? fields.text("currency") : null);
            case "split" -> new Split(instrument, venueNanos, receivedNanos, fields.decimal("numerator"), fields.decimal("denominator"));
            default -> throw new IllegalArgumentException("unknown type \"" + type + "\"");
        };
    }

    private static <T> T wire(T[] values, String name, Function<T, String> wireName)
    {
        for (T value : values) {
            if (wireName.apply(value).equals(name)) {
                return value;
            }
        }
        throw new IllegalArgumentException("unknown value \"" + name + "\"");
    }

    /**
     * Reads one object: scalars as their text (booleans as Boolean), arrays and objects as lists and maps.
     */
    private static Map<String, Object> object(JsonParser parser)
            throws IOException
    {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return members(parser);
    }

    private static Map<String, Object> members(JsonParser parser)
            throws IOException
    {
        Map<String, Object> members = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            Object value = value(parser);
            if (value != null) {
                members.put(name, value);
            }
        }
        return members;
    }

    private static Object value(JsonParser parser)
            throws IOException
    {
        JsonToken token = parser.currentToken();
        return switch (token) {
            case START_OBJECT -> members(parser);
            case START_ARRAY -> {
                List<Object> elements = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    elements.add(value(parser));
                }
                yield elements;
            }
            case VALUE_TRUE, VALUE_FALSE -> token == JsonToken.VALUE_TRUE;
            case VALUE_NULL -> null;
            default -> parser.getText();
        };
    }

    private record Fields(Map<String, Object> values)
    {
        boolean has(String name)
        {
            return values.containsKey(name);
        }

        String text(String name)
        {
            Object value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("missing field \"" + name + "\"");
            }
            if (!(value instanceof String text)) {
                throw new IllegalArgumentException("field \"" + name + "\" is not a string or number");
            }
            return text;
        }

        long number(String name)
        {
            return Long.parseLong(text(name));
        }

        long numberOr(String name, long absent)
        {
            return has(name) ? number(name) : absent;
        }

        Decimal decimal(String name)
        {
            return Decimal.parse(text(name));
        }

        Decimal decimalOrNull(String name)
        {
            return has(name) ? decimal(name) : null;
        }

        List<PriceLevel> levels(String name)
        {
            if (!(values.get(name) instanceof List<?> pairs)) {
                throw new IllegalArgumentException("field \"" + name + "\" is not a list of [price, size] pairs");
            }
            List<PriceLevel> levels = new ArrayList<>(pairs.size());
            for (Object pair : pairs) {
                if (!(pair instanceof List<?> level) || level.size() != 2 || !(level.get(0) instanceof String price) || !(level.get(1) instanceof String size)) {
                    throw new IllegalArgumentException("field \"" + name + "\" holds " + pair + ", not a [price, size] pair");
                }
                levels.add(PriceLevel.parse(price, size));
            }
            return levels;
        }

        Map<String, Double> components()
        {
            Map<String, Double> components = new HashMap<>();
            if (values.get("components") instanceof Map<?, ?> members) {
                members.forEach((name, value) -> components.put((String) name, Double.parseDouble((String) value)));
            }
            return components;
        }
    }
}
