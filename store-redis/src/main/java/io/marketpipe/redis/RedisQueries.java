package io.marketpipe.redis;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.json.EventJsonReader;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.params.ZRangeParams;
import redis.clients.jedis.resps.ScanResult;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

import static java.util.Objects.requireNonNull;

/**
 * Answers store queries from what Redis holds: the candles of the sorted sets and the trades and
 * funding rates of the streams, so only the most recent ({@code max-bars}, {@code max-length}).
 * Thread-safe: each command borrows a connection of the client's pool.
 */
final class RedisQueries
        implements StoreQueries
{
    private final RedisClient client;
    private final RedisKeys keys;
    private final Map<String, Instrument> instruments = new ConcurrentHashMap<>();

    RedisQueries(RedisClient client, RedisKeys keys)
    {
        this.client = requireNonNull(client, "client is null");
        this.keys = requireNonNull(keys, "keys is null");
    }

    @Override
    public List<Candle> candles(StoreQuery query)
            throws IOException
    {
        try {
            List<Candle> candles = new ArrayList<>();
            for (String instrumentId : instrumentIds(query)) {
                for (String key : candleKeys(instrumentId, query.interval())) {
                    // the oldest `limit` of each set suffice: the merged result keeps the oldest `limit` of all
                    for (String json : client.zrange(key, ZRangeParams.zrangeByScoreParams(query.fromMillis(), query.toMillis() - 1).limit(0, query.limit()))) {
                        candles.add((Candle) read(json));
                    }
                }
            }
            return oldest(candles, Candle::openTimeMillis, query.limit());
        }
        catch (JedisException e) {
            throw new IOException("Redis query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public List<Trade> trades(StoreQuery query)
            throws IOException
    {
        return streamEvents("trades", query, Trade.class);
    }

    @Override
    public List<FundingRate> funding(StoreQuery query)
            throws IOException
    {
        return streamEvents("funding", query, FundingRate.class);
    }

    private <T extends MarketEvent> List<T> streamEvents(String kind, StoreQuery query, Class<T> type)
            throws IOException
    {
        try {
            List<T> events = new ArrayList<>();
            for (String instrumentId : instrumentIds(query)) {
                // an entry's id is never below its event's time, so no entry before fromMillis qualifies
                List<StreamEntry> entries = client.xrange(keys.of(kind, instrumentId), new StreamEntryID(query.fromMillis(), 0), StreamEntryID.MAXIMUM_ID, Integer.MAX_VALUE);
                for (StreamEntry entry : entries) {
                    String json = entry.getFields().get("json");
                    if (json == null) {
                        continue;
                    }
                    T event = type.cast(read(json));
                    long millis = event.timestampMillis();
                    if (millis >= query.fromMillis() && millis < query.toMillis()) {
                        events.add(event);
                    }
                }
            }
            return oldest(events, MarketEvent::timestampMillis, query.limit());
        }
        catch (JedisException e) {
            throw new IOException("Redis query failed: " + e.getMessage(), e);
        }
    }

    private static <T> List<T> oldest(List<T> events, ToLongFunction<T> time, int limit)
    {
        events.sort(Comparator.comparingLong(time));
        return events.size() <= limit ? events : new ArrayList<>(events.subList(0, limit));
    }

    /**
     * @return {@code exchange:market:symbol} of the instruments the query matches: by canonical or
     *         by the venue's own symbol, in the query's market or in every market of the venue
     */
    private List<String> instrumentIds(StoreQuery query)
    {
        String head = query.venue() + ":";
        List<String> matches = new ArrayList<>();
        for (String id : client.smembers(keys.instruments())) {
            int colon = id.indexOf(':', head.length());
            if (!id.startsWith(head) || colon < 0 || (query.market() != null && !id.substring(head.length(), colon).equals(query.market()))) {
                continue;
            }
            if (id.substring(colon + 1).equals(query.symbol()) || query.symbol().equals(client.hget(keys.of("instrument", id), "native_symbol"))) {
                matches.add(id);
            }
        }
        if (matches.isEmpty() && query.market() != null) {
            // data written before the instrument was listed, or whose listing was removed
            return List.of(RedisKeys.instrumentId(query.venue(), query.market(), query.symbol()));
        }
        matches.sort(null);
        return matches;
    }

    private List<String> candleKeys(String instrumentId, CandleInterval interval)
    {
        if (interval != null) {
            return List.of(keys.candles(instrumentId, interval, CandleSource.BUILT), keys.candles(instrumentId, interval, CandleSource.VENUE));
        }
        List<String> found = new ArrayList<>();
        ScanParams pattern = new ScanParams().match(keys.candlesPattern(instrumentId)).count(1000);
        String cursor = ScanParams.SCAN_POINTER_START;
        do {
            ScanResult<String> page = client.scan(cursor, pattern);
            found.addAll(page.getResult());
            cursor = page.getCursor();
        }
        while (!cursor.equals(ScanParams.SCAN_POINTER_START));
        return found;
    }

    private MarketEvent read(String json)
    {
        return EventJsonReader.read(json, (exchange, market, symbol) -> instrument(exchange, market, symbol));
    }

    /**
     * @return the instrument as the store described it, or, when its description expired, one
     *         rebuilt from the canonical symbol
     */
    private Instrument instrument(String exchange, String market, String symbol)
    {
        String id = RedisKeys.instrumentId(exchange, market, symbol);
        Instrument known = instruments.get(id);
        if (known != null) {
            return known;
        }
        Map<String, String> fields = client.hgetAll(keys.of("instrument", id));
        Instrument instrument = fields.isEmpty() ? fromSymbol(exchange, market, symbol) : fromFields(exchange, market, fields);
        instruments.put(id, instrument);
        return instrument;
    }

    private static Instrument fromFields(String exchange, String market, Map<String, String> fields)
    {
        String nativeSymbol = fields.get("native_symbol");
        if (nativeSymbol == null) {
            throw new IllegalArgumentException("the description of " + exchange + ":" + market + " has no native_symbol");
        }
        return Instrument.builder(exchange, market, nativeSymbol)
                .kind(MarketKind.valueOf(fields.getOrDefault("market_kind", "spot").toUpperCase(Locale.ROOT)))
                .base(fields.get("base"))
                .quote(fields.get("quote"))
                .settle(fields.get("settle"))
                .expiry(fields.get("expiry"))
                .tickSize(fields.containsKey("tick_size") ? Decimal.parse(fields.get("tick_size")) : null)
                .lotSize(fields.containsKey("lot_size") ? Decimal.parse(fields.get("lot_size")) : null)
                .build();
    }

    private static Instrument fromSymbol(String exchange, String market, String symbol)
    {
        int slash = symbol.indexOf('/');
        if (slash < 0) {
            return Instrument.builder(exchange, market, symbol).kind(MarketKind.SPOT).base(symbol).build();
        }
        String base = symbol.substring(0, slash);
        String rest = symbol.substring(slash + 1);
        int colon = rest.indexOf(':');
        Instrument.Builder builder = Instrument.builder(exchange, market, symbol).base(base).quote(colon < 0 ? rest : rest.substring(0, colon));
        if (colon < 0) {
            return builder.kind(MarketKind.SPOT).build();
        }
        String settlement = rest.substring(colon + 1);
        int dash = settlement.indexOf('-');
        return dash < 0
                ? builder.kind(MarketKind.PERPETUAL).settle(settlement).build()
                : builder.kind(MarketKind.FUTURE).settle(settlement.substring(0, dash)).expiry(settlement.substring(dash + 1)).build();
    }
}
