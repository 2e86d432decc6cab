package io.marketpipe.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.json.EventJson;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON form of canonical events on Kafka: the object {@code replay --emit jsonl} prints for
 * the event (written by {@link EventJson}), plus the fields that make it lossless, so that a
 * consumer rebuilds exactly the event that was published.
 *
 * <p>Fields shared with the replay output: {@code type}, {@code exchange}, {@code market},
 * {@code symbol} (canonical), {@code ts} (venue time in epoch ms, the receive time when the venue
 * sent none) and {@code recv_ns}; then by type {@code trade}: {@code id price size side [backfilled]};
 * {@code book}: {@code [seq] bids asks [snapshot]}; {@code quote}: {@code [seq] bid bid_size ask ask_size};
 * {@code ticker}: {@code last bid bid_size ask ask_size open high low volume quote_volume} (those
 * known); {@code candle}: {@code interval start open high low close volume [trades] [vwap]
 * [quote_volume] [buy_volume] [sell_volume] source final revision}; {@code funding}: {@code rate
 * [next_funding] [mark_price] [index_price]}; {@code indicator}: {@code name [interval] start value
 * [components]}; {@code status}: {@code source kind reason}; {@code dividend}: {@code amount [currency]};
 * {@code split}: {@code numerator denominator}; {@code book_snapshot}: {@code [seq] bids
 * asks}; {@code book_delta}: {@code prev_seq [seq] bids asks}.
 *
 * <p>Added here: the instrument's {@code native_symbol}, {@code market_kind}, {@code base} and, when
 * known, {@code quote}, {@code settle}, {@code expiry}, {@code tick_size} and {@code lot_size};
 * {@code venue_ns}, the venue time in epoch ns (0 when the venue sent none); and {@code checksum} on
 * book snapshots and deltas that carry one.
 *
 * <p>Decimals are strings written as the venue wrote them ({@code "61837.63000000"}), so they stay
 * exact and keep their scale; book levels are {@code [price, size]} string pairs, best first. Readers
 * ignore fields they do not know, so fields may be added later.
 */
final class EventCodec
{
    /** Every event type this form knows, by its {@link MarketEvent#type()} name. */
    static final Set<String> TYPES = Set.of("trade", "quote", "ticker", "book", "book_snapshot", "book_delta", "candle", "funding", "indicator", "status",
            "dividend", "split");

    private static final JsonFactory JSON = new JsonFactory();

    private EventCodec() {}

    /**
     * @return the event as one JSON object in UTF-8
     */
    static byte[] encode(MarketEvent event)
    {
        ByteArrayOutputStream out = new ByteArrayOutputStream(384);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            write(event, json);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException naming what is wrong when the bytes are not an event in this form
     */
    static MarketEvent decode(byte[] bytes)
    {
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("empty record");
        }
        Fields fields;
        try (JsonParser parser = JSON.createParser(bytes)) {
            fields = Fields.read(parser);
        }
        catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String type = fields.string("type");
        try {
            return event(type, fields);
        }
        catch (IllegalArgumentException | NullPointerException | ArithmeticException e) {
            throw new IllegalArgumentException(type + " event: " + e.getMessage(), e);
        }
    }

    private static void write(MarketEvent event, JsonGenerator json)
            throws IOException
    {
        if (!TYPES.contains(event.type())) {
            throw new IllegalArgumentException("no JSON form for events of type " + event.type() + " (" + event.getClass().getName() + ")");
        }
        json.writeStartObject();
        EventJson.writeFields(event, json);
        Instrument instrument = event.instrument();
        if (instrument != null) {
            for (Map.Entry<String, String> field : EventJson.instrumentFields(instrument).entrySet()) {
                json.writeStringField(field.getKey(), field.getValue());
            }
        }
        json.writeNumberField("venue_ns", event.venueNanos());
        if (event instanceof BookSnapshot snapshot) {
            checksum(json, snapshot.checksum());
        }
        else if (event instanceof BookDelta delta) {
            checksum(json, delta.checksum());
        }
        json.writeEndObject();
    }

    private static MarketEvent event(String type, Fields fields)
    {
        long venueNanos = fields.longValue("venue_ns");
        long receivedNanos = fields.longValue("recv_ns");
        Instrument instrument = fields.instrument();
        switch (type) {
            case "trade":
                return new Trade(instrument, venueNanos, receivedNanos, fields.string("id"), fields.decimal("price"), fields.decimal("size"),
                        Side.valueOf(fields.string("side").toUpperCase(Locale.ROOT)), fields.flag("backfilled"));
            case "book":
                return new BookDepth(instrument, venueNanos, receivedNanos, fields.longValue("seq", -1), fields.levels("bids"), fields.levels("asks"), fields.flag("snapshot"));
            case "quote":
                return new Quote(instrument, venueNanos, receivedNanos, fields.longValue("seq", -1),
                        fields.decimal("bid"), fields.decimal("bid_size"), fields.decimal("ask"), fields.decimal("ask_size"));
            case "ticker":
                return new Ticker(instrument, venueNanos, receivedNanos, fields.optionalDecimal("last"),
                        fields.optionalDecimal("bid"), fields.optionalDecimal("bid_size"), fields.optionalDecimal("ask"), fields.optionalDecimal("ask_size"),
                        fields.optionalDecimal("open"), fields.optionalDecimal("high"), fields.optionalDecimal("low"),
                        fields.optionalDecimal("volume"), fields.optionalDecimal("quote_volume"));
            case "candle":
                return new Candle(instrument, venueNanos, receivedNanos, CandleInterval.parse(fields.string("interval")), fields.longValue("start"),
                        fields.decimal("open"), fields.decimal("high"), fields.decimal("low"), fields.decimal("close"), fields.decimal("volume"),
                        fields.optionalDecimal("quote_volume"), fields.longValue("trades", -1), fields.optionalDecimal("vwap"),
                        fields.optionalDecimal("buy_volume"), fields.optionalDecimal("sell_volume"),
                        CandleSource.valueOf(fields.string("source").toUpperCase(Locale.ROOT)), fields.flag("final"), Math.toIntExact(fields.longValue("revision")));
            case "funding":
                return new FundingRate(instrument, venueNanos, receivedNanos, fields.decimal("rate"), fields.longValue("next_funding", 0),
                        fields.optionalDecimal("mark_price"), fields.optionalDecimal("index_price"));
            case "indicator":
                String interval = fields.optionalString("interval");
                return new IndicatorValue(instrument, venueNanos, receivedNanos, fields.string("name"), interval == null ? null : CandleInterval.parse(interval),
                        fields.longValue("start"), fields.doubleValue("value"), fields.components());
            case "status":
                return new SourceStatus(fields.string("source"), fields.string("exchange"), fields.string("market"), instrument, venueNanos, receivedNanos,
                        SourceStatus.Kind.valueOf(fields.string("kind").toUpperCase(Locale.ROOT)), fields.string("reason"));
            case "dividend":
                return new Dividend(instrument, venueNanos, receivedNanos, fields.decimal("amount"), fields.optionalString("currency"));
            case "split":
                return new Split(instrument, venueNanos, receivedNanos, fields.decimal("numerator"), fields.decimal("denominator"));
            case "book_snapshot":
                return new BookSnapshot(instrument, venueNanos, receivedNanos, fields.longValue("seq", -1), fields.levels("bids"), fields.levels("asks"),
                        fields.longValue("checksum", BookDelta.NO_CHECKSUM));
            case "book_delta":
                return new BookDelta(instrument, venueNanos, receivedNanos, fields.longValue("prev_seq"), fields.longValue("seq", -1),
                        fields.levels("bids"), fields.levels("asks"), fields.longValue("checksum", BookDelta.NO_CHECKSUM));
            default:
                throw new IllegalArgumentException("unknown event type \"" + type + "\"");
        }
    }

    private static void checksum(JsonGenerator json, long checksum)
            throws IOException
    {
        if (checksum != BookDelta.NO_CHECKSUM) {
            json.writeNumberField("checksum", checksum);
        }
    }

    /**
     * The fields of one event object: scalars as their JSON text, book levels and indicator
     * components already parsed.
     */
    private static final class Fields
    {
        private final Map<String, Object> values = new HashMap<>();

        static Fields read(JsonParser parser)
                throws IOException
        {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Fields fields = new Fields();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (token) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> fields.values.put(name, parser.getText());
                    case VALUE_TRUE, VALUE_FALSE -> fields.values.put(name, token == JsonToken.VALUE_TRUE);
                    case START_ARRAY -> {
                        if (name.equals("bids") || name.equals("asks")) {
                            fields.values.put(name, readLevels(parser));
                        }
                        else {
                            parser.skipChildren();
                        }
                    }
                    case START_OBJECT -> {
                        if (name.equals("components")) {
                            fields.values.put(name, readComponents(parser));
                        }
                        else {
                            parser.skipChildren();
                        }
                    }
                    default -> {
                        // null: the same as absent
                    }
                }
            }
            return fields;
        }

        private static List<PriceLevel> readLevels(JsonParser parser)
                throws IOException
        {
            List<PriceLevel> levels = new ArrayList<>();
            while (parser.nextToken() == JsonToken.START_ARRAY) {
                parser.nextToken();
                String price = parser.getText();
                parser.nextToken();
                String size = parser.getText();
                if (parser.nextToken() != JsonToken.END_ARRAY) {
                    throw new IllegalArgumentException("a book level must be a [price, size] pair");
                }
                levels.add(PriceLevel.parse(price, size));
            }
            return levels;
        }

        private static Map<String, Double> readComponents(JsonParser parser)
                throws IOException
        {
            Map<String, Double> components = new HashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                components.put(name, Double.parseDouble(parser.getText()));
            }
            return components;
        }

        Instrument instrument()
        {
            String nativeSymbol = optionalString("native_symbol");
            if (nativeSymbol == null) {
                return null;
            }
            return Instrument.builder(string("exchange"), string("market"), nativeSymbol)
                    .kind(MarketKind.valueOf(string("market_kind").toUpperCase(Locale.ROOT)))
                    .base(string("base"))
                    .quote(optionalString("quote"))
                    .settle(optionalString("settle"))
                    .expiry(optionalString("expiry"))
                    .tickSize(optionalDecimal("tick_size"))
                    .lotSize(optionalDecimal("lot_size"))
                    .build();
        }

        String string(String field)
        {
            String value = optionalString(field);
            if (value == null) {
                throw new IllegalArgumentException("missing field \"" + field + "\"");
            }
            return value;
        }

        String optionalString(String field)
        {
            Object value = values.get(field);
            if (value != null && !(value instanceof String)) {
                throw new IllegalArgumentException("field \"" + field + "\" is not a string or number");
            }
            return (String) value;
        }

        long longValue(String field)
        {
            return Long.parseLong(string(field));
        }

        long longValue(String field, long fallback)
        {
            String value = optionalString(field);
            return value == null ? fallback : Long.parseLong(value);
        }

        double doubleValue(String field)
        {
            return Double.parseDouble(string(field));
        }

        Decimal decimal(String field)
        {
            return Decimal.parse(string(field));
        }

        Decimal optionalDecimal(String field)
        {
            String value = optionalString(field);
            return value == null ? null : Decimal.parse(value);
        }

        boolean flag(String field)
        {
            Object value = values.get(field);
            if (value != null && !(value instanceof Boolean)) {
                throw new IllegalArgumentException("field \"" + field + "\" is not true or false");
            }
            return Boolean.TRUE.equals(value);
        }

        @SuppressWarnings("unchecked")
        List<PriceLevel> levels(String field)
        {
            Object value = values.get(field);
            if (value == null) {
                throw new IllegalArgumentException("missing field \"" + field + "\"");
            }
            return (List<PriceLevel>) value;
        }

        @SuppressWarnings("unchecked")
        Map<String, Double> components()
        {
            Object value = values.get("components");
            return value == null ? Map.of() : (Map<String, Double>) value;
        }
    }
}
