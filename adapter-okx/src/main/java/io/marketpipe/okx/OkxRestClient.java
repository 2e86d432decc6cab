package io.marketpipe.okx;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;
import io.marketpipe.toolkit.VenueRestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * OKX's public v5 REST endpoints, each with its weight against the adapter's {@code rest-budget}
 * (40 per 2 s): 40 divided by the endpoint's own limit per 2 s, so that no endpoint exceeds it.
 * Instruments (tick and lot size, contract value, settlement asset), candle history and trade
 * history by id. Answers whose {@code code} is not {@code "0"} fail with OKX's code and message.
 */
final class OkxRestClient
{
    /** Trades one history-trades request returns at most. */
    static final int TRADE_PAGE_SIZE = 100;
    /** Candles one history-candles request returns at most. */
    static final int CANDLE_PAGE_SIZE = 100;

    static final int INSTRUMENTS_WEIGHT = 2;
    static final int HISTORY_CANDLES_WEIGHT = 2;
    static final int HISTORY_TRADES_WEIGHT = 2;

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private final String baseUrl;
    private final VenueRestClient client;

    /**
     * @param baseUrl e.g. {@code https://www.okx.com}, without a trailing slash
     * @param defaultRetryAfter the wait before retrying a 429 that carries no {@code Retry-After}
     */
    OkxRestClient(String baseUrl, RestTransport transport, ScheduledExecutorService scheduler, Duration defaultRetryAfter, Metrics metrics)
    {
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.client = new VenueRestClient(transport, scheduler, defaultRetryAfter, response -> {}, metrics);
    }

    /**
     * Fetches the instruments of one type ({@code /api/v5/public/instruments}); options are
     * listed per family ({@code BTC-USD}).
     *
     * @return the instruments by id
     */
    CompletableFuture<Map<String, Instrument>> instruments(OkxInstrumentType type, String optionFamily)
    {
        String query = "instType=" + type.wireName() + (optionFamily == null ? "" : "&instFamily=" + optionFamily);
        return client.get(baseUrl + "/api/v5/public/instruments?" + query, INSTRUMENTS_WEIGHT, OkxRestClient::parseInstruments);
    }

    /**
     * Fetches closed candles that opened before {@code endMillis}, newest first
     * ({@code /api/v5/market/history-candles}).
     */
    CompletableFuture<List<Candle>> historyCandles(Instrument instrument, CandleInterval interval, long endMillis, int limit)
    {
        String url = baseUrl + "/api/v5/market/history-candles?instId=" + instrument.nativeSymbol() + "&bar=" + OkxChannels.bar(interval)
                + "&after=" + endMillis + "&limit=" + Math.min(limit, CANDLE_PAGE_SIZE);
        return client.get(url, HISTORY_CANDLES_WEIGHT, response -> parseCandles(instrument, interval, response));
    }

    /**
     * Fetches trades by id ({@code /api/v5/market/history-trades}, {@code type=1}): OKX pages
     * backwards from {@code after}, so asking for the {@code count} ids before
     * {@code fromId + count} returns exactly {@code fromId} to {@code fromId + count - 1} where
     * they exist.
     */
    CompletableFuture<List<Trade>> historyTrades(Instrument instrument, long fromId, int count)
    {
        int limit = Math.min(count, TRADE_PAGE_SIZE);
        String url = baseUrl + "/api/v5/market/history-trades?instId=" + instrument.nativeSymbol() + "&type=1&after=" + (fromId + limit) + "&limit=" + limit;
        return client.get(url, HISTORY_TRADES_WEIGHT, response -> parseTrades(instrument, response));
    }

    static Map<String, Instrument> parseInstruments(RestResponse response)
            throws DecodeException
    {
        Map<String, Instrument> instruments = new HashMap<>();
        for (JsonObject entry : data(response)) {
            String id = entry.string("instId");
            Instrument parsed;
            try {
                parsed = OkxSymbols.fromNative(id);
            }
            catch (IllegalArgumentException e) {
                // an id outside the documented forms (none are known) is left out rather than failing the rest
                continue;
            }
            Instrument.Builder builder = Instrument.builder(OkxSymbols.VENUE, parsed.market(), id)
                    .base(parsed.base())
                    .quote(parsed.quote())
                    .kind(parsed.kind())
                    .expiry(parsed.expiry())
                    .tickSize(entry.optionalDecimal("tickSz"))
                    .lotSize(entry.optionalDecimal("lotSz"));
            if (parsed.settle() != null) {
                String settle = entry.optionalString("settleCcy");
                builder.settle(settle == null ? parsed.settle() : settle);
            }
            if (parsed.strike() != null) {
                builder.option(parsed.strike(), parsed.optionType());
            }
            instruments.put(id, builder.build());
        }
        return instruments;
    }

    static List<Candle> parseCandles(Instrument instrument, CandleInterval interval, RestResponse response)
            throws DecodeException
    {
        List<Candle> candles = new ArrayList<>();
        for (Object row : rows(response)) {
            if (!(row instanceof List)) {
                throw new DecodeException("candle row is " + JsonObject.describe(row) + ", not an array");
            }
            candles.add(OkxDecoder.candle(instrument, interval, (List<?>) row, response.receivedNanos()));
        }
        return candles;
    }

    static List<Trade> parseTrades(Instrument instrument, RestResponse response)
            throws DecodeException
    {
        List<Trade> trades = new ArrayList<>();
        for (JsonObject entry : data(response)) {
            String side = entry.string("side");
            trades.add(new Trade(instrument, entry.longValue("ts") * NANOS_PER_MILLI, response.receivedNanos(), entry.string("tradeId"),
                    entry.decimal("px"), entry.decimal("sz"), side.equals("buy") ? Side.BUY : side.equals("sell") ? Side.SELL : Side.UNKNOWN, true));
        }
        return trades;
    }

    private static List<JsonObject> data(RestResponse response)
            throws DecodeException
    {
        List<JsonObject> entries = new ArrayList<>();
        for (Object element : rows(response)) {
            if (!(element instanceof JsonObject)) {
                throw new DecodeException("data element is " + JsonObject.describe(element) + ", not an object");
            }
            entries.add((JsonObject) element);
        }
        return entries;
    }

    private static List<?> rows(RestResponse response)
            throws DecodeException
    {
        JsonObject body = JsonObject.parseObject(response.body());
        String code = body.optionalString("code");
        if (code != null && !code.equals("0")) {
            throw new DecodeException("OKX answered code " + code + ": " + body.optionalString("msg"));
        }
        return body.array("data");
    }
}
