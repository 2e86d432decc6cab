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

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON form of canonical events on Kafka: the object {@code replay --emit jsonl} prints for
 * the event, with the same field names and values, plus the fields that make it lossless, so that
 * a consumer rebuilds exactly the event that was published.
 *
 * <p>Fields shared with the replay output: {@code type}, {@code exchange}, {@code market},
 * {@code symbol} (canonical), {@code native}, {@code ts} (venue time in epoch ms, the receive time when the venue
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
        json.writeStartObject();
        json.writeStringField("type", event.type());
        Instrument instrument = event.instrument();
        if (event instanceof SourceStatus status) {
            json.writeStringField("exchange", status.venue());
            json.writeStringField("market", status.market());
        }
        else if (instrument != null) {
            json.writeStringField("exchange", instrument.venue());
            json.writeStringField("market", instrument.market());
        }
        if (instrument != null) {
            json.writeStringField("symbol", instrument.symbol());
            json.writeStringField("native", instrument.nativeSymbol());
            json.writeStringField("native_symbol", instrument.nativeSymbol());
            json.writeStringField("market_kind", instrument.kind().name().toLowerCase(Locale.ROOT));
            json.writeStringField("base", instrument.base());
            optional(json, "quote", instrument.quote());
            optional(json, "settle", instrument.settle());
            optional(json, "expiry", instrument.expiry());
            decimal(json, "tick_size", instrument.tickSize());
            decimal(json, "lot_size", instrument.lotSize());
        }
        json.writeNumberField("ts", event.timestampMillis());
        json.writeNumberField("venue_ns", event.venueNanos());
        json.writeNumberField("recv_ns", event.receivedNanos());
        if (event instanceof Trade trade) {
            json.writeStringField("id", trade.tradeId());
            decimal(json, "price", trade.price());
            decimal(json, "size", trade.size());
            json.writeStringField("side", trade.side().wireName());
            if (trade.backfilled()) {
                json.writeBooleanField("backfilled", true);
            }
        }
        else if (event instanceof BookDepth book) {
            sequence(json, book.seq());
            levels(json, "bids", book.bids());
            levels(json, "asks", book.asks());
            if (book.snapshot()) {
                json.writeBooleanField("snapshot", true);
            }
        }
        else if (event instanceof Quote quote) {
            sequence(json, quote.seq());
            decimal(json, "bid", quote.bidPrice());
            decimal(json, "bid_size", quote.bidSize());
            decimal(json, "ask", quote.askPrice());
            decimal(json, "ask_size", quote.askSize());
        }
        else if (event instanceof Ticker ticker) {
            decimal(json, "last", ticker.last());
            decimal(json, "bid", ticker.bid());
            decimal(json, "bid_size", ticker.bidSize());
            decimal(json, "ask", ticker.ask());
            decimal(json, "ask_size", ticker.askSize());
            decimal(json, "open", ticker.open());
            decimal(json, "high", ticker.high());
            decimal(json, "low", ticker.low());
            decimal(json, "volume", ticker.volume());
            decimal(json, "quote_volume", ticker.quoteVolume());
        }
        else if (event instanceof Candle candle) {
            json.writeStringField("interval", candle.interval().label());
            json.writeNumberField("start", candle.openTimeMillis());
            decimal(json, "open", candle.open());
            decimal(json, "high", candle.high());
            decimal(json, "low", candle.low());
            decimal(json, "close", candle.close());
            decimal(json, "volume", candle.volume());
            if (candle.tradeCount() >= 0) {
                json.writeNumberField("trades", candle.tradeCount());
            }
            decimal(json, "vwap", candle.vwap());
            decimal(json, "quote_volume", candle.quoteVolume());
            decimal(json, "buy_volume", candle.buyVolume());
            decimal(json, "sell_volume", candle.sellVolume());
            json.writeStringField("source", candle.source().wireName());
            json.writeBooleanField("final", candle.closed());
            json.writeNumberField("revision", candle.revision());
        }
        else if (event instanceof FundingRate funding) {
            decimal(json, "rate", funding.rate());
            if (funding.nextFundingMillis() > 0) {
                json.writeNumberField("next_funding", funding.nextFundingMillis());
            }
            decimal(json, "mark_price", funding.markPrice());
            decimal(json, "index_price", funding.indexPrice());
        }
        else if (event instanceof IndicatorValue indicator) {
            json.writeStringField("name", indicator.name());
            if (indicator.interval() != null) {
                json.writeStringField("interval", indicator.interval().label());
            }
            json.writeNumberField("start", indicator.openTimeMillis());
            json.writeNumberField("value", indicator.value());
            if (!indicator.components().isEmpty()) {
                json.writeObjectFieldStart("components");
                for (Map.Entry<String, Double> component : new TreeMap<>(indicator.components()).entrySet()) {
                    json.writeNumberField(component.getKey(), component.getValue());
                }
                json.writeEndObject();
            }
        }
        else if (event instanceof SourceStatus status) {
            json.writeStringField("source", status.source());
            json.writeStringField("kind", status.kind().wireName());
            json.writeStringField("reason", status.reason());
        }
        else if (event instanceof Dividend dividend) {
            decimal(json, "amount", dividend.amount());
            optional(json, "currency", dividend.currency());
        }
        else if (event instanceof Split split) {
            decimal(json, "numerator", split.numerator());
            decimal(json, "denominator", split.denominator());
        }
        else if (event instanceof BookSnapshot snapshot) {
            sequence(json, snapshot.seq());
            levels(json, "bids", snapshot.bids());
            levels(json, "asks", snapshot.asks());
            checksum(json, snapshot.checksum());
        }
        else if (event instanceof BookDelta delta) {
            json.writeNumberField("prev_seq", delta.prevSeq());
            sequence(json, delta.seq());
            levels(json, "bids", delta.bids());
            levels(json, "asks", delta.asks());
            checksum(json, delta.checksum());
        }
        else {
            throw new IllegalArgumentException("no JSON form for events of type " + event.type() + " (" + event.getClass().getName() + ")");
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

    private static void optional(JsonGenerator json, String field, String value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void sequence(JsonGenerator json, long seq)
            throws IOException
    {
        if (seq >= 0) {
            json.writeNumberField("seq", seq);
        }
    }

    private static void checksum(JsonGenerator json, long checksum)
            throws IOException
    {
        if (checksum != BookDelta.NO_CHECKSUM) {
            json.writeNumberField("checksum", checksum);
        }
    }

    private static void decimal(JsonGenerator json, String field, Decimal value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value.toString());
        }
    }

    private static void levels(JsonGenerator json, String field, List<PriceLevel> levels)
            throws IOException
    {
        json.writeArrayFieldStart(field);
        for (PriceLevel level : levels) {
            json.writeStartArray();
            json.writeString(level.price().toString());
            json.writeString(level.size().toString());
            json.writeEndArray();
        }
        json.writeEndArray();
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
