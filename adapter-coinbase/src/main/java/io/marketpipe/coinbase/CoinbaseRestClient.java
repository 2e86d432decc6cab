package io.marketpipe.coinbase;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;
import io.marketpipe.toolkit.VenueRestClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Coinbase's public REST endpoints of one feed, without authentication: product definitions,
 * trades and candles. Advanced Trade serves them under {@code /api/v3/brokerage/market}; the
 * Exchange under {@code /products}. Each request weighs one against the {@code rest-budget}
 * (Coinbase counts requests per second per IP); throttles (429) are retried by the toolkit's
 * {@link VenueRestClient}.
 */
final class CoinbaseRestClient
{
    /** The most trades one request returns, on either API. */
    static final int MAX_TRADES = 1000;
    /** The most candles one Advanced Trade request returns. */
    static final int MAX_ADVANCED_CANDLES = 350;
    /** The most candles one Exchange request returns. */
    static final int MAX_EXCHANGE_CANDLES = 300;

    private static final Map<Long, String> ADVANCED_GRANULARITIES = Map.of(
            60L, "ONE_MINUTE", 300L, "FIVE_MINUTE", 900L, "FIFTEEN_MINUTE", 1800L, "THIRTY_MINUTE",
            3600L, "ONE_HOUR", 7200L, "TWO_HOUR", 21600L, "SIX_HOUR", 86400L, "ONE_DAY");
    private static final Set<Long> EXCHANGE_GRANULARITIES = Set.of(60L, 300L, 900L, 3600L, 21600L, 86400L);

    private final CoinbaseFeed feed;
    private final String baseUrl;
    private final VenueRestClient client;

    /**
     * @param baseUrl e.g. {@code https://api.coinbase.com}, without a trailing slash
     */
    CoinbaseRestClient(CoinbaseFeed feed, String baseUrl, RestTransport transport, ScheduledExecutorService scheduler, Duration defaultRetryAfter, Metrics metrics)
    {
        this.feed = requireNonNull(feed, "feed is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.client = new VenueRestClient(transport, scheduler, defaultRetryAfter, response -> {}, metrics);
    }

    /**
     * @return whether the feed's REST API has candles of this interval
     */
    boolean offersInterval(CandleInterval interval)
    {
        long seconds = interval.millis() / 1000;
        return feed == CoinbaseFeed.ADVANCED_TRADE ? ADVANCED_GRANULARITIES.containsKey(seconds) : EXCHANGE_GRANULARITIES.contains(seconds);
    }

    /**
     * @return the most candles one request returns
     */
    int maxCandles()
    {
        return feed == CoinbaseFeed.ADVANCED_TRADE ? MAX_ADVANCED_CANDLES : MAX_EXCHANGE_CANDLES;
    }

    /**
     * Fetches product definitions: Advanced Trade {@code /api/v3/brokerage/market/products}, the
     * Exchange {@code /products}.
     *
     * @return the instruments found, by product id; products Coinbase does not list are absent
     */
    CompletableFuture<Map<String, Instrument>> products(Collection<String> productIds)
    {
        Set<String> wanted = Set.copyOf(productIds);
        if (feed == CoinbaseFeed.ADVANCED_TRADE) {
            String query = productIds.stream().map(id -> "product_ids=" + encode(id)).collect(Collectors.joining("&"));
            return client.get(baseUrl + "/api/v3/brokerage/market/products?" + query, 1,
                    response -> parseProducts(JsonObject.parseObject(response.body()).array("products"), wanted, "product_id", "base_currency_id", "quote_currency_id"));
        }
        return client.get(baseUrl + "/products", 1, response -> parseProducts(rows(response.body()), wanted, "id", "base_currency", "quote_currency"));
    }

    /**
     * Advanced Trade: the latest public market trades, oldest first.
     */
    CompletableFuture<List<Trade>> latestTrades(Instrument instrument, int limit)
    {
        String url = baseUrl + "/api/v3/brokerage/market/products/" + encode(instrument.nativeSymbol()) + "/ticker?limit=" + limit;
        return client.get(url, 1, response -> parseTrades(instrument, JsonObject.parseObject(response.body()).array("trades"), response));
    }

    /**
     * Exchange: trades {@code fromId} to {@code fromId + count - 1}, oldest first. The Exchange
     * pages trades by id: {@code after} returns the trades older than it.
     */
    CompletableFuture<List<Trade>> tradesFrom(Instrument instrument, long fromId, int count)
    {
        int limit = Math.min(count, MAX_TRADES);
        String url = baseUrl + "/products/" + encode(instrument.nativeSymbol()) + "/trades?after=" + (fromId + limit) + "&limit=" + limit;
        return client.get(url, 1, response -> parseTrades(instrument, rows(response.body()), response));
    }

    /**
     * Candles with open times from {@code startMillis} (inclusive) to {@code endMillis}
     * (exclusive), oldest first; a candle is closed when its interval ended before {@code nowMillis}.
     */
    CompletableFuture<List<Candle>> candles(Instrument instrument, CandleInterval interval, long startMillis, long endMillis, long nowMillis)
    {
        long seconds = interval.millis() / 1000;
        String product = encode(instrument.nativeSymbol());
        if (feed == CoinbaseFeed.ADVANCED_TRADE) {
            String url = baseUrl + "/api/v3/brokerage/market/products/" + product + "/candles?start=" + startMillis / 1000 + "&end=" + (endMillis - 1) / 1000
                    + "&granularity=" + ADVANCED_GRANULARITIES.get(seconds) + "&limit=" + MAX_ADVANCED_CANDLES;
            return client.get(url, 1, response -> {
                List<Candle> candles = new ArrayList<>();
                for (Object element : JsonObject.parseObject(response.body()).array("candles")) {
                    JsonObject row = object(element, "candle");
                    candles.add(candle(instrument, interval, row.longValue("start") * 1000, row.decimal("open"), row.decimal("high"), row.decimal("low"),
                            row.decimal("close"), row.decimal("volume"), response, nowMillis));
                }
                return window(candles, startMillis, endMillis);
            });
        }
        String url = baseUrl + "/products/" + product + "/candles?granularity=" + seconds + "&start=" + encode(Instant.ofEpochMilli(startMillis).toString())
                + "&end=" + encode(Instant.ofEpochMilli(endMillis - 1).toString());
        return client.get(url, 1, response -> {
            List<Candle> candles = new ArrayList<>();
            // [time, low, high, open, close, volume]
            for (Object element : rows(response.body())) {
                if (!(element instanceof List<?> row) || row.size() < 6) {
                    throw new DecodeException("candle row is " + JsonObject.describe(element) + ", not [time, low, high, open, close, volume]");
                }
                if (!(row.get(0) instanceof Long time)) {
                    throw new DecodeException("candle time is " + JsonObject.describe(row.get(0)) + ", not an integer");
                }
                candles.add(candle(instrument, interval, time * 1000, JsonObject.toDecimal("open", row.get(3)), JsonObject.toDecimal("high", row.get(2)),
                        JsonObject.toDecimal("low", row.get(1)), JsonObject.toDecimal("close", row.get(4)), JsonObject.toDecimal("volume", row.get(5)), response, nowMillis));
            }
            return window(candles, startMillis, endMillis);
        });
    }

    private static Candle candle(Instrument instrument, CandleInterval interval, long openMillis, Decimal open, Decimal high, Decimal low, Decimal close,
            Decimal volume, RestResponse response, long nowMillis)
    {
        long closeMillis = openMillis + interval.millis();
        return new Candle(instrument, closeMillis * 1_000_000L, response.receivedNanos(), interval, openMillis, open, high, low, close, volume,
                null, -1, null, null, null, CandleSource.VENUE, closeMillis <= nowMillis, 0);
    }

    private static List<Candle> window(List<Candle> candles, long startMillis, long endMillis)
    {
        // both APIs answer newest first
        return candles.stream()
                .filter(candle -> candle.openTimeMillis() >= startMillis && candle.openTimeMillis() < endMillis)
                .sorted(Comparator.comparingLong(Candle::openTimeMillis))
                .collect(Collectors.toList());
    }

    static Map<String, Instrument> parseProducts(List<?> products, Set<String> wanted, String idField, String baseField, String quoteField)
            throws DecodeException
    {
        Map<String, Instrument> instruments = new HashMap<>();
        for (Object element : products) {
            JsonObject product = object(element, "product");
            String id = product.string(idField);
            if (!wanted.contains(id)) {
                continue;
            }
            Decimal tick = product.optionalDecimal("price_increment");
            instruments.put(id, Instrument.builder(CoinbaseFeed.VENUE, CoinbaseSymbols.MARKET, id)
                    .base(product.string(baseField))
                    .quote(product.string(quoteField))
                    .kind(MarketKind.SPOT)
                    .tickSize(tick != null ? tick : product.optionalDecimal("quote_increment"))
                    .lotSize(product.optionalDecimal("base_increment"))
                    .build());
        }
        return instruments;
    }

    private static List<Trade> parseTrades(Instrument instrument, List<?> rows, RestResponse response)
            throws DecodeException
    {
        List<Trade> trades = new ArrayList<>();
        for (Object element : rows) {
            JsonObject trade = object(element, "trade");
            if (trade.has("product_id") && !instrument.nativeSymbol().equals(trade.get("product_id"))) {
                continue;
            }
            trades.add(CoinbaseDecoder.trade(trade, instrument, response.receivedNanos(), true));
        }
        trades.sort(Comparator.comparingLong(CoinbaseDecoder::tradeNumber));
        return trades;
    }

    private static List<?> rows(String body)
            throws DecodeException
    {
        Object parsed = JsonObject.parse(body);
        if (!(parsed instanceof List<?> rows)) {
            throw new DecodeException("expected a JSON array, got " + JsonObject.describe(parsed));
        }
        return rows;
    }

    private static JsonObject object(Object element, String what)
            throws DecodeException
    {
        if (!(element instanceof JsonObject object)) {
            throw new DecodeException(what + " is " + JsonObject.describe(element) + ", not an object");
        }
        return object;
    }

    private static String encode(String text)
    {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
