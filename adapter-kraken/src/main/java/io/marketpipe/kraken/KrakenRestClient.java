package io.marketpipe.kraken;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;
import io.marketpipe.toolkit.VenueRestClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static java.util.Objects.requireNonNull;

/**
 * Kraken's public REST endpoints: {@code AssetPairs} (the pair registry and precisions),
 * {@code OHLC}, {@code Trades} and {@code Depth}. Every call costs one unit of the
 * {@code rest-budget}; Kraken reports its throttles as an {@code error} in an HTTP 200 body,
 * which fails the call naming Kraken's message.
 */
record KrakenRestClient(String baseUrl, MarketClock clock, VenueRestClient client)
{
    /** The most trades one {@code Trades} call returns. */
    static final int TRADE_PAGE_SIZE = 1000;
    /** The most candles one {@code OHLC} call returns. */
    static final int OHLC_ROWS = 720;

    private static final int WEIGHT = 1;

    /**
     * @param baseUrl e.g. {@code https://api.kraken.com}, without a trailing slash
     * @param client the venue client the calls go through (retries, {@code Retry-After})
     */
    KrakenRestClient
    {
        requireNonNull(baseUrl, "baseUrl is null");
        requireNonNull(clock, "clock is null");
        requireNonNull(client, "client is null");
    }

    /**
     * A pair as AssetPairs lists it.
     *
     * @param restName the result key, e.g. {@code XXBTZUSD}
     * @param priceDecimals {@code pair_decimals}
     * @param quantityDecimals {@code lot_decimals}
     */
    record ListedPair(String restName, Instrument instrument, int priceDecimals, int quantityDecimals) {}

    /**
     * @return every listed pair that has a WebSocket name, by that name ({@code XBT/USD})
     */
    CompletableFuture<Map<String, ListedPair>> assetPairs()
    {
        return get("AssetPairs", null, response -> parseAssetPairs(response.body()));
    }

    /**
     * @return up to 720 candles from {@code sinceSeconds} on, oldest first; the newest is the one still open
     */
    CompletableFuture<List<Candle>> ohlc(Instrument instrument, CandleInterval interval, long sinceSeconds)
    {
        String query = "pair=" + restPair(instrument) + "&interval=" + interval.millis() / 60_000 + "&since=" + sinceSeconds;
        return get("OHLC", query, response -> parseOhlc(instrument, interval, response.body(), clock.nowMillis()));
    }

    /**
     * @return up to {@code count} trades from {@code sinceSeconds} on, oldest first, marked backfilled
     */
    CompletableFuture<List<Trade>> trades(Instrument instrument, long sinceSeconds, int count)
    {
        String query = "pair=" + restPair(instrument) + "&since=" + sinceSeconds + "&count=" + count;
        return get("Trades", query, response -> parseTrades(instrument, response.body(), response.receivedNanos()));
    }

    /**
     * @return the book's top {@code count} levels per side
     */
    CompletableFuture<BookSnapshot> depth(Instrument instrument, int count)
    {
        String query = "pair=" + restPair(instrument) + "&count=" + count;
        return get("Depth", query, response -> parseDepth(instrument, response.body(), response.receivedNanos()));
    }

    private <T> CompletableFuture<T> get(String endpoint, String query, VenueRestClient.BodyParser<T> parser)
    {
        return client.get(baseUrl + "/0/public/" + endpoint + (query == null ? "" : "?" + query), WEIGHT, parser);
    }

    // Kraken accepts the WebSocket name without its slash (the altname) as the pair parameter
    private static String restPair(Instrument instrument)
    {
        return URLEncoder.encode(instrument.nativeSymbol().replace("/", ""), StandardCharsets.UTF_8);
    }

    static Map<String, ListedPair> parseAssetPairs(String body)
            throws DecodeException
    {
        JsonObject result = result(body);
        Map<String, ListedPair> pairs = new HashMap<>();
        for (String key : result.names()) {
            JsonObject pair = result.object(key);
            String wsName = pair.optionalString("wsname");
            if (wsName == null) {
                continue;
            }
            int priceDecimals = (int) pair.longValue("pair_decimals");
            int quantityDecimals = (int) pair.longValue("lot_decimals");
            Decimal tick = pair.has("tick_size") ? pair.decimal("tick_size") : Decimal.of(1, priceDecimals);
            Instrument parsed = KrakenSymbols.fromNative(wsName);
            Instrument instrument = KrakenSymbols.instrument(
                    pair.has("base") ? KrakenSymbols.commonAsset(pair.string("base")) : parsed.base(),
                    pair.has("quote") ? KrakenSymbols.commonAsset(pair.string("quote")) : parsed.quote(),
                    tick, Decimal.of(1, quantityDecimals));
            if (!instrument.nativeSymbol().equals(wsName)) {
                // an asset whose REST and WebSocket codes differ beyond XBT and XDG: keep Kraken's WebSocket name
                instrument = KrakenSymbols.instrument(parsed.base(), parsed.quote(), tick, Decimal.of(1, quantityDecimals));
            }
            pairs.put(wsName, new ListedPair(key, instrument, priceDecimals, quantityDecimals));
        }
        return pairs;
    }

    static List<Candle> parseOhlc(Instrument instrument, CandleInterval interval, String body, long nowMillis)
            throws DecodeException
    {
        List<Candle> candles = new ArrayList<>();
        for (Object row : rows(result(body))) {
            List<?> fields = (List<?>) row;
            if (fields.size() < 8) {
                throw new DecodeException("an OHLC row is [time, open, high, low, close, vwap, volume, count]; got " + fields.size() + " elements");
            }
            long openMillis = KrakenDecoder.epochNanos("time", fields.get(0)) / 1_000_000;
            long count = fields.get(7) instanceof Long number ? number : 0;
            candles.add(new Candle(instrument, openMillis * 1_000_000, openMillis * 1_000_000, interval, openMillis,
                    JsonObject.toDecimal("open", fields.get(1)), JsonObject.toDecimal("high", fields.get(2)), JsonObject.toDecimal("low", fields.get(3)),
                    JsonObject.toDecimal("close", fields.get(4)), JsonObject.toDecimal("volume", fields.get(6)), null, count,
                    JsonObject.toDecimal("vwap", fields.get(5)), null, null, CandleSource.VENUE, openMillis + interval.millis() <= nowMillis, 0));
        }
        return candles;
    }

    static List<Trade> parseTrades(Instrument instrument, String body, long receivedNanos)
            throws DecodeException
    {
        List<Trade> trades = new ArrayList<>();
        List<?> rows = rows(result(body));
        for (int i = 0; i < rows.size(); i++) {
            List<?> fields = (List<?>) rows.get(i);
            if (fields.size() < 4) {
                throw new DecodeException("a Trades row is [price, volume, time, side, type, misc, trade_id]; got " + fields.size() + " elements");
            }
            long time = KrakenDecoder.epochNanos("time", fields.get(2));
            // trade_id came with 2023; older answers have none, like v1
            String id = fields.size() > 6 && fields.get(6) instanceof Long tradeId ? Long.toString(tradeId) : fields.get(2) + "-" + i;
            Side side = "b".equals(fields.get(3)) ? Side.BUY : "s".equals(fields.get(3)) ? Side.SELL : Side.UNKNOWN;
            trades.add(new Trade(instrument, time, receivedNanos, id, JsonObject.toDecimal("price", fields.get(0)), JsonObject.toDecimal("volume", fields.get(1)), side, true));
        }
        return trades;
    }

    static BookSnapshot parseDepth(Instrument instrument, String body, long receivedNanos)
            throws DecodeException
    {
        JsonObject result = result(body);
        for (String key : result.names()) {
            JsonObject book = result.object(key);
            List<PriceLevel> bids = book.levels("bids");
            List<PriceLevel> asks = book.levels("asks");
            return new BookSnapshot(instrument, 0, receivedNanos, -1, bids, asks, BookDelta.NO_CHECKSUM);
        }
        throw new DecodeException("Depth answered no book");
    }

    private static JsonObject result(String body)
            throws DecodeException
    {
        JsonObject answer = JsonObject.parseObject(body);
        if (answer.has("error") && !answer.array("error").isEmpty()) {
            throw new DecodeException("Kraken answered " + answer.array("error"));
        }
        return answer.object("result");
    }

    // the rows under the one result key that is not "last"
    private static List<?> rows(JsonObject result)
            throws DecodeException
    {
        for (String key : result.names()) {
            if (!key.equals("last")) {
                List<?> rows = result.array(key);
                for (Object row : rows) {
                    if (!(row instanceof List)) {
                        throw new DecodeException("field '" + key + "' holds " + JsonObject.describe(row) + " where a row belongs");
                    }
                }
                return rows;
            }
        }
        throw new DecodeException("the result holds no rows");
    }
}
