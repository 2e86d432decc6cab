package io.marketpipe.binance;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Side;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Binance's public REST endpoints for one market, each with its documented request weight, so
 * the runtime's rate limiter can keep the venue's budget: depth snapshots, klines, recent trades,
 * trades and aggregate trades by id, and exchangeInfo.
 *
 * <p>Throttles (429, 418) are retried by the toolkit's {@link VenueRestClient}. The weight Binance
 * reports as used ({@code X-MBX-USED-WEIGHT-1M}) is kept as the gauge {@code rest.used-weight-1m}.
 */
final class BinanceRestClient
{
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private static final long NANOS_PER_MILLI = 1_000_000L;
    private static final Pattern EXPIRY = Pattern.compile("\\d{6}");
    private static final DateTimeFormatter EXPIRY_FORMAT = DateTimeFormatter.ofPattern("yyMMdd").withZone(ZoneOffset.UTC);

    private final BinanceMarket market;
    private final String baseUrl;
    private final MarketClock clock;
    private final VenueRestClient client;
    private final AtomicLong usedWeight = new AtomicLong(-1);

    /**
     * @param baseUrl e.g. {@code https://api.binance.com}, without a trailing slash
     * @param defaultRetryAfter the wait before retrying a 429 or 418 that carries no {@code Retry-After}
     */
    BinanceRestClient(BinanceMarket market, String baseUrl, RestTransport transport, ScheduledExecutorService scheduler, MarketClock clock, Duration defaultRetryAfter, Metrics metrics)
    {
        this.market = requireNonNull(market, "market is null");
        this.baseUrl = requireNonNull(baseUrl, "baseUrl is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.client = new VenueRestClient(transport, scheduler, defaultRetryAfter, this::recordUsedWeight, metrics);
        metrics.gauge("rest.used-weight-1m", usedWeight::get);
    }

    /**
     * @return the weight Binance last reported as used in the current minute, or -1 before any report
     */
    long usedWeight()
    {
        return usedWeight.get();
    }

    /**
     * Fetches a depth snapshot ({@code /api/v3/depth}, {@code /fapi/v1/depth}, {@code /dapi/v1/depth}).
     *
     * @return the snapshot, its sequence the snapshot's {@code lastUpdateId}
     */
    CompletableFuture<BookSnapshot> depthSnapshot(Instrument instrument, int limit)
    {
        String url = url("depth", "symbol=" + instrument.nativeSymbol() + "&limit=" + limit);
        return get(url, market.depthWeight(limit), response -> parseDepthSnapshot(instrument, response));
    }

    /**
     * Fetches klines of one interval, oldest first, for history backfill.
     *
     * @param startMillis the first open time wanted, inclusive
     * @param endMillis the last open time wanted, inclusive
     * @param limit at most this many (Binance allows 1000 on spot, 1500 on futures)
     */
    CompletableFuture<List<Candle>> klines(Instrument instrument, CandleInterval interval, long startMillis, long endMillis, int limit)
    {
        String url = url("klines", "symbol=" + instrument.nativeSymbol() + "&interval=" + interval.label()
                + "&startTime=" + startMillis + "&endTime=" + endMillis + "&limit=" + limit);
        return get(url, market.klinesWeight(limit), response -> parseKlines(instrument, interval, response, clock.nowMillis()));
    }

    /**
     * Fetches the most recent trades, oldest first.
     */
    CompletableFuture<List<Trade>> recentTrades(Instrument instrument, int limit)
    {
        String url = url("trades", "symbol=" + instrument.nativeSymbol() + "&limit=" + limit);
        return get(url, market.recentTradesWeight(), response -> parseTrades(instrument, response));
    }

    /**
     * Fetches trades from a trade id on, inclusive, oldest first ({@code historicalTrades}: no API
     * key needed on spot; futures require one).
     */
    CompletableFuture<List<Trade>> historicalTrades(Instrument instrument, long fromId, int limit)
    {
        String url = url("historicalTrades", "symbol=" + instrument.nativeSymbol() + "&fromId=" + fromId + "&limit=" + limit);
        return get(url, market.historicalTradesWeight(), response -> parseTrades(instrument, response));
    }

    /**
     * Fetches aggregate trades from an aggregate trade id on, inclusive, oldest first.
     */
    CompletableFuture<List<Trade>> aggTrades(Instrument instrument, long fromId, int limit)
    {
        String url = url("aggTrades", "symbol=" + instrument.nativeSymbol() + "&fromId=" + fromId + "&limit=" + limit);
        return get(url, market.aggTradesWeight(), response -> parseAggTrades(instrument, response));
    }

    /**
     * Fetches the instrument definitions (assets, contract type, tick and lot size) of the given
     * native symbols. Spot is asked for those symbols only; futures answer with every symbol.
     *
     * @return the instruments found, by native symbol; symbols Binance does not list are absent
     */
    CompletableFuture<Map<String, Instrument>> exchangeInfo(Collection<String> nativeSymbols)
    {
        Set<String> wanted = new HashSet<>(nativeSymbols);
        String query = null;
        if (!market.isFutures()) {
            String list = nativeSymbols.stream().map(symbol -> "\"" + symbol + "\"").collect(Collectors.joining(",", "[", "]"));
            query = "symbols=" + URLEncoder.encode(list, StandardCharsets.UTF_8);
        }
        return get(url("exchangeInfo", query), market.exchangeInfoWeight(), response -> parseExchangeInfo(market, response.body(), wanted));
    }

    private String url(String endpoint, String query)
    {
        return baseUrl + market.restPath(endpoint) + (query == null ? "" : "?" + query);
    }

    private <T> CompletableFuture<T> get(String url, int weight, VenueRestClient.BodyParser<T> parser)
    {
        return client.get(url, weight, parser);
    }

    private void recordUsedWeight(RestResponse response)
    {
        response.header(USED_WEIGHT_HEADER).ifPresent(value -> {
            try {
                usedWeight.set(Long.parseLong(value.trim()));
            }
            catch (NumberFormatException ignored) {
                // a header we cannot read leaves the last good value
            }
        });
    }

    static BookSnapshot parseDepthSnapshot(Instrument instrument, RestResponse response)
            throws DecodeException
    {
        JsonObject body = JsonObject.parseObject(response.body());
        long venueMillis = body.longValue("T", body.longValue("E", 0));
        return new BookSnapshot(instrument, venueMillis * NANOS_PER_MILLI, response.receivedNanos(), body.longValue("lastUpdateId"), body.levels("bids"), body.levels("asks"));
    }

    /**
     * Reads rows of {@code [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBuyVolume, ...]}.
     */
    static List<Candle> parseKlines(Instrument instrument, CandleInterval interval, RestResponse response, long nowMillis)
            throws DecodeException
    {
        List<Candle> candles = new ArrayList<>();
        for (Object element : rows(response.body())) {
            if (!(element instanceof List) || ((List<?>) element).size() < 10) {
                throw new DecodeException("kline row is " + JsonObject.describe(element) + ", not an array of at least 10 values");
            }
            List<?> row = (List<?>) element;
            long openTime = integer("open time", row.get(0));
            long closeTime = integer("close time", row.get(6));
            Decimal volume = JsonObject.toDecimal("volume", row.get(5));
            Decimal takerBuyVolume = JsonObject.toDecimal("taker buy volume", row.get(9));
            candles.add(new Candle(
                    instrument,
                    closeTime * NANOS_PER_MILLI,
                    response.receivedNanos(),
                    interval,
                    openTime,
                    JsonObject.toDecimal("open", row.get(1)),
                    JsonObject.toDecimal("high", row.get(2)),
                    JsonObject.toDecimal("low", row.get(3)),
                    JsonObject.toDecimal("close", row.get(4)),
                    volume,
                    JsonObject.toDecimal("quote volume", row.get(7)),
                    integer("trades", row.get(8)),
                    null,
                    takerBuyVolume,
                    volume.subtract(takerBuyVolume),
                    CandleSource.VENUE,
                    closeTime < nowMillis,
                    0));
        }
        return candles;
    }

    /**
     * Reads {@code [{"id":..,"price":"..","qty":"..","time":..,"isBuyerMaker":..}, ...]}.
     */
    static List<Trade> parseTrades(Instrument instrument, RestResponse response)
            throws DecodeException
    {
        return parseTrades(instrument, response, TradeFields.TRADE);
    }

    /**
     * Reads {@code [{"a":..,"p":"..","q":"..","T":..,"m":..}, ...]}, the stream's aggTrade fields.
     */
    static List<Trade> parseAggTrades(Instrument instrument, RestResponse response)
            throws DecodeException
    {
        return parseTrades(instrument, response, TradeFields.AGGREGATE_TRADE);
    }

    private static List<Trade> parseTrades(Instrument instrument, RestResponse response, TradeFields fields)
            throws DecodeException
    {
        List<Trade> trades = new ArrayList<>();
        for (Object element : rows(response.body())) {
            JsonObject trade = object(element, fields.what());
            trades.add(new Trade(
                    instrument,
                    trade.longValue(fields.time()) * NANOS_PER_MILLI,
                    response.receivedNanos(),
                    Long.toString(trade.longValue(fields.id())),
                    trade.decimal(fields.price()),
                    trade.decimal(fields.quantity()),
                    trade.booleanValue(fields.buyerIsMaker()) ? Side.SELL : Side.BUY,
                    true));
        }
        return trades;
    }

    /**
     * The field names of a REST trade row: the trade endpoints and the aggregate trade endpoint
     * name the same values differently.
     */
    private record TradeFields(String what, String id, String price, String quantity, String time, String buyerIsMaker)
    {
        static final TradeFields TRADE = new TradeFields("trade", "id", "price", "qty", "time", "isBuyerMaker");
        static final TradeFields AGGREGATE_TRADE = new TradeFields("aggregate trade", "a", "p", "q", "T", "m");
    }

    static Map<String, Instrument> parseExchangeInfo(BinanceMarket market, String body, Set<String> wanted)
            throws DecodeException
    {
        Map<String, Instrument> instruments = new HashMap<>();
        for (Object element : JsonObject.parseObject(body).array("symbols")) {
            JsonObject symbol = object(element, "symbol");
            String nativeSymbol = symbol.string("symbol");
            if (wanted.contains(nativeSymbol)) {
                instruments.put(nativeSymbol, instrument(market, symbol, nativeSymbol));
            }
        }
        return instruments;
    }

    private static Instrument instrument(BinanceMarket market, JsonObject symbol, String nativeSymbol)
            throws DecodeException
    {
        Instrument.Builder builder = Instrument.builder(BinanceSymbols.VENUE, market.configName(), nativeSymbol)
                .base(symbol.string("baseAsset"))
                .quote(symbol.string("quoteAsset"));
        if (!market.isFutures()) {
            builder.kind(MarketKind.SPOT);
        }
        else {
            String contractType = symbol.optionalString("contractType");
            int underscore = nativeSymbol.indexOf('_');
            String suffix = underscore < 0 ? "" : nativeSymbol.substring(underscore + 1);
            boolean perpetual = contractType == null ? !EXPIRY.matcher(suffix).matches() : contractType.endsWith("PERPETUAL");
            builder.settle(symbol.optionalString("marginAsset"));
            if (perpetual) {
                builder.kind(MarketKind.PERPETUAL);
            }
            else {
                long delivery = symbol.longValue("deliveryDate", 0);
                String expiry = EXPIRY.matcher(suffix).matches() ? suffix : delivery > 0 ? EXPIRY_FORMAT.format(Instant.ofEpochMilli(delivery)) : null;
                builder.kind(MarketKind.FUTURE).expiry(expiry);
            }
        }
        if (symbol.has("filters")) {
            for (Object element : symbol.array("filters")) {
                JsonObject filter = object(element, "filter");
                String type = filter.optionalString("filterType");
                if ("PRICE_FILTER".equals(type)) {
                    builder.tickSize(filter.optionalDecimal("tickSize"));
                }
                else if ("LOT_SIZE".equals(type)) {
                    builder.lotSize(filter.optionalDecimal("stepSize"));
                }
            }
        }
        return builder.build();
    }

    private static List<?> rows(String body)
            throws DecodeException
    {
        Object parsed = JsonObject.parse(body);
        if (!(parsed instanceof List)) {
            throw new DecodeException("expected a JSON array, got " + JsonObject.describe(parsed));
        }
        return (List<?>) parsed;
    }

    private static JsonObject object(Object element, String what)
            throws DecodeException
    {
        if (!(element instanceof JsonObject)) {
            throw new DecodeException(what + " is " + JsonObject.describe(element) + ", not an object");
        }
        return (JsonObject) element;
    }

    private static long integer(String name, Object value)
            throws DecodeException
    {
        if (!(value instanceof Long)) {
            throw new DecodeException(name + " is " + JsonObject.describe(value) + ", not an integer");
        }
        return (Long) value;
    }
}
