package io.marketpipe.core.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical JSON form of an event: one object per event, decimals as strings so they stay
 * exact. Used by {@code replay --emit jsonl}, {@code query --format jsonl}, the Kafka store (which adds
 * fields of its own) and the Redis store.
 *
 * <p>Every object has {@code type}, {@code exchange}, {@code market}, {@code symbol} (canonical,
 * when the event is about an instrument), {@code native} (the venue's own name of the instrument), {@code ts} (venue time, epoch ms; the receive time when
 * the venue sent none) and {@code recv_ns} (local receive time, epoch ns). Then, by type:
 * <ul>
 * <li>{@code trade}: {@code id}, {@code price}, {@code size}, {@code side} ({@code buy}|{@code sell}|{@code unknown}), {@code backfilled} when true</li>
 * <li>{@code book}: {@code seq} (when the venue has one), {@code bids}, {@code asks} as {@code [price, size]} string pairs, best first, {@code snapshot} when true</li>
 * <li>{@code quote}: {@code seq} (when the venue has one), {@code bid}, {@code bid_size}, {@code ask}, {@code ask_size}</li>
 * <li>{@code ticker}: {@code last}, {@code bid}, {@code bid_size}, {@code ask}, {@code ask_size}, {@code open}, {@code high}, {@code low}, {@code volume}, {@code quote_volume} (those the venue sent)</li>
 * <li>{@code candle}: {@code interval}, {@code start} (epoch ms), {@code open}, {@code high}, {@code low}, {@code close}, {@code volume}, {@code trades}, {@code vwap}, {@code quote_volume}, {@code buy_volume}, {@code sell_volume}, {@code source} ({@code built}|{@code venue}), {@code final}, {@code revision}</li>
 * <li>{@code funding}: {@code rate}, {@code next_funding} (epoch ms), {@code mark_price}, {@code index_price}</li>
 * <li>{@code indicator}: {@code name}, {@code interval}, {@code start}, {@code value}, and {@code components} when present</li>
 * <li>{@code status}: {@code source}, {@code kind}, {@code reason}</li>
 * <li>{@code dividend}: {@code amount}, {@code currency} (when known); {@code ts} is the event date</li>
 * <li>{@code split}: {@code numerator}, {@code denominator}; {@code ts} is the event date</li>
 * </ul>
 */
public final class EventJson
{
    private static final JsonFactory JSON = new JsonFactory();

    private EventJson() {}

    /**
     * @return the event as one line of JSON, without a line break
     */
    public static String toJson(MarketEvent event)
    {
        StringWriter out = new StringWriter(256);
        try {
            write(event, out);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes the event as one JSON object (no line break) to {@code out}.
     */
    public static void write(MarketEvent event, Writer out)
            throws IOException
    {
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(event, json);
        }
    }

    /**
     * Writes the event as one JSON object with an open generator.
     */
    public static void write(MarketEvent event, JsonGenerator json)
            throws IOException
    {
        json.writeStartObject();
        writeFields(event, json);
        json.writeEndObject();
    }

    /**
     * Writes the event's fields into an object the caller opened and closes, for forms that add
     * fields of their own to the same object.
     */
    public static void writeFields(MarketEvent event, JsonGenerator json)
            throws IOException
    {
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
        }
        json.writeNumberField("ts", event.timestampMillis());
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
        else if (event instanceof Dividend dividend) {
            decimal(json, "amount", dividend.amount());
            if (dividend.currency() != null) {
                json.writeStringField("currency", dividend.currency());
            }
        }
        else if (event instanceof Split split) {
            decimal(json, "numerator", split.numerator());
            decimal(json, "denominator", split.denominator());
        }
        else if (event instanceof SourceStatus status) {
            json.writeStringField("source", status.source());
            json.writeStringField("kind", status.kind().wireName());
            json.writeStringField("reason", status.reason());
        }
        else if (event instanceof BookSnapshot snapshot) {
            sequence(json, snapshot.seq());
            levels(json, "bids", snapshot.bids());
            levels(json, "asks", snapshot.asks());
        }
        else if (event instanceof BookDelta delta) {
            json.writeNumberField("prev_seq", delta.prevSeq());
            sequence(json, delta.seq());
            levels(json, "bids", delta.bids());
            levels(json, "asks", delta.asks());
        }
    }

    /**
     * The instrument's description beyond what every event object names: {@code native_symbol},
     * {@code market_kind} ({@code spot}, {@code perpetual}, ...), {@code base} and, when known,
     * {@code quote}, {@code settle}, {@code expiry}, {@code tick_size}, {@code lot_size}. Forms
     * that must identify the instrument exactly (Kafka records, the Redis instrument hash) add them.
     *
     * @return the fields in this order, every value as text
     */
    public static Map<String, String> instrumentFields(Instrument instrument)
    {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("native_symbol", instrument.nativeSymbol());
        fields.put("market_kind", instrument.kind().name().toLowerCase(Locale.ROOT));
        fields.put("base", instrument.base());
        putKnown(fields, "quote", instrument.quote());
        putKnown(fields, "settle", instrument.settle());
        putKnown(fields, "expiry", instrument.expiry());
        putKnown(fields, "tick_size", instrument.tickSize() == null ? null : instrument.tickSize().toString());
        putKnown(fields, "lot_size", instrument.lotSize() == null ? null : instrument.lotSize().toString());
        return fields;
    }

    private static void putKnown(Map<String, String> fields, String name, String value)
    {
        if (value != null) {
            fields.put(name, value);
        }
    }

    private static void sequence(JsonGenerator json, long seq)
            throws IOException
    {
        if (seq >= 0) {
            json.writeNumberField("seq", seq);
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
}
