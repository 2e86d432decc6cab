package io.marketpipe.http;

import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.aggregate.ConsolidatedView;
import io.marketpipe.core.aggregate.SourceView;
import io.marketpipe.core.json.EventJson;
import io.marketpipe.core.quality.InstrumentQuality;
import io.marketpipe.core.quality.QualityComponents;
import io.marketpipe.core.quality.SourceQuality;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The JSON documents of {@code /health} and {@code /api/v1}, written from the pipeline's read-only
 * views ({@link MarketPipe}) and the latest events ({@link LiveState}). Events are written by the
 * one canonical event JSON ({@link EventJson}); decimals are strings, as there.
 */
final class ApiViews
{
    private final MarketPipe pipe;
    private final LiveState live;
    private final EventRates rates;
    private final HttpSettings settings;

    ApiViews(MarketPipe pipe, LiveState live, EventRates rates, HttpSettings settings)
    {
        this.pipe = requireNonNull(pipe, "pipe is null");
        this.live = requireNonNull(live, "live is null");
        this.rates = requireNonNull(rates, "rates is null");
        this.settings = requireNonNull(settings, "settings is null");
    }

    /**
     * @return the settings the views were written with, which the routes serve by too
     */
    HttpSettings settings()
    {
        return settings;
    }

    /**
     * Writes the health document.
     *
     * @return whether the pipeline is critical
     */
    boolean health(JsonGenerator json)
            throws IOException
    {
        SortedMap<String, HealthCheck.Result> results = pipe.health();
        String overall = "healthy";
        json.writeStartObject();
        json.writeObjectFieldStart("checks");
        for (Map.Entry<String, HealthCheck.Result> entry : results.entrySet()) {
            HealthCheck.Result result = entry.getValue();
            String level = level(result);
            overall = worse(overall, level);
            json.writeObjectFieldStart(entry.getKey());
            json.writeStringField("status", level);
            json.writeStringField("message", result.getMessage() == null ? "" : result.getMessage());
            json.writeEndObject();
        }
        json.writeEndObject();
        json.writeStringField("status", overall);
        json.writeEndObject();
        return overall.equals("critical");
    }

    private static String level(HealthCheck.Result result)
    {
        Object level = result.getDetails() == null ? null : result.getDetails().get("level");
        if (level instanceof String text && List.of("healthy", "degraded", "critical").contains(text)) {
            return text;
        }
        // a check that says no more than "unhealthy" is taken at its word
        return result.isHealthy() ? "healthy" : "critical";
    }

    private static String worse(String a, String b)
    {
        List<String> order = List.of("healthy", "degraded", "critical");
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    void instruments(JsonGenerator json)
            throws IOException
    {
        json.writeStartObject();
        json.writeArrayFieldStart("instruments");
        for (Instrument instrument : live.instruments()) {
            instrument(json, instrument);
        }
        json.writeEndArray();
        json.writeArrayFieldStart("sources");
        for (SourceQuality quality : pipe.quality().sources()) {
            json.writeString(quality.source());
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void instrument(JsonGenerator json, Instrument instrument)
            throws IOException
    {
        json.writeStartObject();
        json.writeStringField("symbol", instrument.symbol());
        json.writeStringField("exchange", instrument.venue());
        json.writeStringField("market", instrument.market());
        json.writeStringField("native", instrument.nativeSymbol());
        json.writeStringField("kind", instrument.kind().name().toLowerCase(Locale.ROOT));
        json.writeEndObject();
    }

    /**
     * Per source (connector instance): connection, quality and its reasons, events per second.
     */
    void sources(JsonGenerator json)
            throws IOException
    {
        Map<String, SourceStatus> statuses = live.connectionStatuses();
        Map<String, Double> perSecond = rates.perSecond();
        json.writeStartObject();
        json.writeArrayFieldStart("sources");
        for (SourceQuality quality : pipe.quality().sources()) {
            json.writeStartObject();
            json.writeStringField("source", quality.source());
            json.writeBooleanField("connected", quality.connected());
            SourceStatus status = statuses.get(quality.source());
            if (status != null) {
                json.writeStringField("last_status", status.kind().wireName());
                json.writeStringField("last_status_reason", status.reason());
                json.writeNumberField("last_status_ts", status.timestampMillis());
            }
            json.writeNumberField("score", quality.score());
            json.writeStringField("level", quality.level().wireName());
            strings(json, "reasons", quality.reasons());
            json.writeNumberField("events_per_second", round(perSecond.getOrDefault(quality.source(), 0.0)));
            json.writeNumberField("events_total", rates.total(quality.source()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    void quality(JsonGenerator json)
            throws IOException
    {
        json.writeStartObject();
        json.writeArrayFieldStart("sources");
        for (SourceQuality quality : pipe.quality().sources()) {
            json.writeStartObject();
            json.writeStringField("source", quality.source());
            json.writeNumberField("score", quality.score());
            json.writeStringField("level", quality.level().wireName());
            json.writeBooleanField("connected", quality.connected());
            components(json, quality.components());
            strings(json, "reasons", quality.reasons());
            json.writeNumberField("decode_errors", quality.decodeErrors());
            json.writeArrayFieldStart("instruments");
            for (InstrumentQuality instrument : quality.instruments()) {
                json.writeStartObject();
                json.writeStringField("symbol", instrument.instrument().symbol());
                json.writeNumberField("score", instrument.score());
                json.writeStringField("level", instrument.level().wireName());
                json.writeStringField("freshness", instrument.freshness().name().toLowerCase(Locale.ROOT));
                json.writeNumberField("age_ms", instrument.ageNanos() / 1_000_000);
                if (instrument.latencyNanos() >= 0) {
                    json.writeNumberField("latency_ms", instrument.latencyNanos() / 1_000_000.0);
                }
                components(json, instrument.components());
                strings(json, "reasons", instrument.reasons());
                json.writeNumberField("gaps", instrument.gaps());
                json.writeNumberField("resyncs", instrument.resyncs());
                json.writeNumberField("rejected", instrument.rejected());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void components(JsonGenerator json, QualityComponents components)
            throws IOException
    {
        json.writeObjectFieldStart("components");
        json.writeNumberField("freshness", components.freshness());
        json.writeNumberField("gaps", components.gaps());
        json.writeNumberField("errors", components.errors());
        json.writeNumberField("latency", components.latency());
        json.writeNumberField("completeness", components.completeness());
        json.writeEndObject();
    }

    /**
     * The latest trade, quote, ticker and book of each venue for the symbol (all symbols when null).
     */
    void latest(JsonGenerator json, String symbol)
            throws IOException
    {
        json.writeStartObject();
        json.writeArrayFieldStart("latest");
        for (Instrument instrument : live.instruments()) {
            if (symbol != null && !instrument.symbol().equals(symbol)) {
                continue;
            }
            Optional<LiveState.Latest> latest = live.latest(instrument);
            if (latest.isEmpty()) {
                continue;
            }
            json.writeStartObject();
            json.writeStringField("symbol", instrument.symbol());
            json.writeStringField("exchange", instrument.venue());
            json.writeStringField("market", instrument.market());
            event(json, "trade", latest.get().trade);
            event(json, "quote", latest.get().quote);
            event(json, "ticker", latest.get().ticker);
            event(json, "book", latest.get().book);
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void event(JsonGenerator json, String field, MarketEvent event)
            throws IOException
    {
        if (event != null) {
            json.writeFieldName(field);
            EventJson.write(event, json);
        }
    }

    /**
     * The instruments consolidated across sources (the symbol's only, when given).
     */
    void consolidated(JsonGenerator json, String symbol)
            throws IOException
    {
        json.writeStartObject();
        json.writeBooleanField("enabled", pipe.aggregation().enabled());
        json.writeArrayFieldStart("instruments");
        for (ConsolidatedView view : pipe.aggregation().views()) {
            if (symbol != null && !view.key().symbol().equals(symbol)) {
                continue;
            }
            json.writeStartObject();
            json.writeStringField("symbol", view.key().symbol());
            json.writeStringField("kind", view.key().kind().name().toLowerCase(Locale.ROOT));
            json.writeNumberField("ts", view.asOfNanos() / 1_000_000);
            sourcePrice(json, "best_bid", view.bestBid());
            sourcePrice(json, "best_ask", view.bestAsk());
            decimal(json, "spread", view.spread());
            number(json, "spread_bps", view.spreadBps());
            number(json, "book_imbalance", view.bookImbalance());
            number(json, "buy_pressure", view.buyPressure());
            if (view.consensus() != null) {
                json.writeObjectFieldStart("consensus");
                decimal(json, "price", view.consensus().price());
                json.writeStringField("mode", view.consensus().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                strings(json, "sources", view.consensus().sources());
                json.writeBooleanField("fallback", view.consensus().fallback());
                json.writeEndObject();
            }
            optionalString(json, "active_source", view.activeSource());
            optionalString(json, "primary_source", view.primarySource());
            json.writeNumberField("failovers", view.failovers());
            if (view.lastFailover() != null) {
                json.writeObjectFieldStart("last_failover");
                optionalString(json, "from", view.lastFailover().from());
                optionalString(json, "to", view.lastFailover().to());
                optionalString(json, "reason", view.lastFailover().reason());
                json.writeNumberField("ts", view.lastFailover().atNanos() / 1_000_000);
                json.writeEndObject();
            }
            mergedLevels(json, "bids", view.bids());
            mergedLevels(json, "asks", view.asks());
            json.writeArrayFieldStart("sources");
            for (SourceView source : view.sources()) {
                json.writeStartObject();
                json.writeStringField("source", source.source());
                if (source.instrument() != null) {
                    json.writeStringField("exchange", source.instrument().venue());
                    json.writeStringField("market", source.instrument().market());
                }
                level(json, "best_bid", source.bestBid());
                level(json, "best_ask", source.bestAsk());
                decimal(json, "price", source.price());
                json.writeNumberField("updated_ms", source.updatedNanos() / 1_000_000);
                json.writeNumberField("quality", source.quality());
                json.writeBooleanField("healthy", source.healthy());
                optionalString(json, "problem", source.problem());
                json.writeEndObject();
            }
            json.writeEndArray();
            if (view.funding() != null) {
                json.writeObjectFieldStart("funding");
                decimal(json, "mean", view.funding().mean());
                json.writeObjectFieldStart("rates");
                for (Map.Entry<String, FundingRate> rate : new TreeMap<>(view.funding().rates()).entrySet()) {
                    decimal(json, rate.getKey(), rate.getValue().rate());
                }
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * The recent final candles kept in memory for instruments with the symbol (and venue, when given).
     */
    void candles(JsonGenerator json, String symbol, String exchange, CandleInterval interval, CandleSource source, int limit)
            throws IOException
    {
        json.writeStartObject();
        json.writeStringField("interval", interval.label());
        json.writeArrayFieldStart("candles");
        for (Instrument instrument : pipe.candles().instruments()) {
            if (!instrument.symbol().equals(symbol) || (exchange != null && !instrument.venue().equals(exchange))) {
                continue;
            }
            for (Candle candle : pipe.candles().recent(instrument, interval, source, limit)) {
                EventJson.write(candle, json);
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * One page of stored history, oldest first. The cursor of the next page is the last item's time
     * and how many items of that millisecond this page held, so items sharing a millisecond are
     * neither repeated nor skipped.
     */
    void history(JsonGenerator json, String kind, StoreQuery query, int skip)
            throws IOException
    {
        Optional<StoreQueries> queries = pipe.queries();
        if (queries.isEmpty()) {
            throw new NotFound("no configured store answers queries");
        }
        int limit = query.limit();
        StoreQuery widened = new StoreQuery(query.venue(), query.market(), query.symbol(), query.interval(), query.fromMillis(), query.toMillis(), limit + skip);
        List<? extends MarketEvent> rows = switch (kind) {
            case "candles" -> queries.get().candles(widened);
            case "trades" -> queries.get().trades(widened);
            case "funding" -> queries.get().funding(widened);
            default -> throw new NotFound("no history of " + kind + "; there are candles, trades and funding");
        };
        List<MarketEvent> page = new ArrayList<>();
        int skipped = 0;
        for (MarketEvent row : rows) {
            if (skipped < skip && time(row) == query.fromMillis()) {
                skipped++;
                continue;
            }
            if (page.size() < limit) {
                page.add(row);
            }
        }
        json.writeStartObject();
        json.writeArrayFieldStart(kind);
        for (MarketEvent row : page) {
            EventJson.write(row, json);
        }
        json.writeEndArray();
        if (page.size() == limit) {
            long last = time(page.get(page.size() - 1));
            int sameMillis = 0;
            for (MarketEvent row : page) {
                if (time(row) == last) {
                    sameMillis++;
                }
            }
            if (last == query.fromMillis()) {
                sameMillis += skip;
            }
            json.writeStringField("next", last + "." + sameMillis);
        }
        json.writeEndObject();
    }

    private static long time(MarketEvent event)
    {
        return event instanceof Candle candle ? candle.openTimeMillis() : event.timestampMillis();
    }

    private static void sourcePrice(JsonGenerator json, String field, ConsolidatedView.SourcePrice price)
            throws IOException
    {
        if (price != null) {
            json.writeObjectFieldStart(field);
            json.writeStringField("source", price.source());
            decimal(json, "price", price.price());
            decimal(json, "size", price.size());
            json.writeEndObject();
        }
    }

    private static void level(JsonGenerator json, String field, PriceLevel level)
            throws IOException
    {
        if (level != null) {
            json.writeArrayFieldStart(field);
            json.writeString(level.price().toString());
            json.writeString(level.size().toString());
            json.writeEndArray();
        }
    }

    private static void mergedLevels(JsonGenerator json, String field, List<ConsolidatedView.MergedLevel> levels)
            throws IOException
    {
        json.writeArrayFieldStart(field);
        for (ConsolidatedView.MergedLevel level : levels) {
            json.writeStartArray();
            json.writeString(level.price().toString());
            json.writeString(level.size().toString());
            json.writeEndArray();
        }
        json.writeEndArray();
    }

    private static void decimal(JsonGenerator json, String field, Decimal value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value.toString());
        }
    }

    private static void number(JsonGenerator json, String field, double value)
            throws IOException
    {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            json.writeNumberField(field, round(value));
        }
    }

    private static double round(double value)
    {
        return Math.round(value * 10_000) / 10_000.0;
    }

    private static void optionalString(JsonGenerator json, String field, String value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    private static void strings(JsonGenerator json, String field, List<String> values)
            throws IOException
    {
        json.writeArrayFieldStart(field);
        for (String value : values) {
            json.writeString(value);
        }
        json.writeEndArray();
    }

    /**
     * A request for something that does not exist; answered 404 with the message.
     */
    static final class NotFound
            extends RuntimeException
    {
        NotFound(String message)
        {
            super(message);
        }
    }
}
