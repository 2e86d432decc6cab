package io.marketpipe.redis;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.core.json.EventJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;
import redis.clients.jedis.params.XAddParams;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the latest state of every instrument, recent candles and recent trades in Redis, laid out
 * as {@link RedisKeys} describes, every value the event's JSON ({@link EventJson}).
 *
 * <p>Each batch goes to Redis as one pipeline: latest values conflated to the batch's last per key,
 * candles replaced in place by start (the open candle, then its revisions) and trimmed to
 * {@code max-bars}, stream entries appended with exact {@code MAXLEN} trimming. When Redis cannot
 * be reached, {@link #write} fails with an {@link IOException} and the runtime retries the batch
 * while events wait in the store's buffer (its overflow policy applies when that fills); the next
 * attempt opens a new connection. A batch sent again stores nothing twice: values and candles are
 * replaced, and stream entries carry ids the store chose ({@link StreamPosition}) that Redis refuses
 * when it holds them already.
 *
 * <p>Metrics: {@code stored} (events stored; a value replaced within its batch counts too),
 * {@code duplicates} (stream entries Redis already held), {@code refused} (events that could not
 * be encoded, and commands Redis refused, e.g. for a key of another type in the way) and
 * {@code unreachable} (batch attempts that failed to reach Redis).
 */
final class RedisStore
        implements Store
{
    private static final Logger log = LoggerFactory.getLogger(RedisStore.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);
    private static final String DUPLICATE_ID = "equal or smaller than the target stream top item";

    private final String name;
    private final RedisStoreConfig config;
    private final RedisKeys keys;
    private final RedisClient client;
    private final RedisQueries queries;
    private final Map<String, StreamPosition> streamPositions = new HashMap<>();
    private final Metrics.Counter stored;
    private final Metrics.Counter duplicates;
    private final Metrics.Counter refusedEvents;
    private final Metrics.Counter unreachable;
    private long lastWarningNanos;
    private long warningsLeftOut;

    RedisStore(String name, RedisStoreConfig config, RedisClient client, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.client = requireNonNull(client, "client is null");
        this.keys = new RedisKeys(config.prefix());
        this.queries = new RedisQueries(client, keys);
        this.stored = metrics.counter("stored");
        this.duplicates = metrics.counter("duplicates");
        this.refusedEvents = metrics.counter("refused");
        this.unreachable = metrics.counter("unreachable");
    }

    @Override
    public void write(List<MarketEvent> batch)
            throws IOException
    {
        BatchCommands commands = new BatchCommands();
        for (MarketEvent event : batch) {
            if (!config.writes(event.type())) {
                continue;
            }
            String json;
            try {
                json = EventJson.toJson(event);
            }
            catch (RuntimeException e) {
                refusedEvents.inc();
                warn("Redis store " + name + " cannot encode a " + event.type() + " event: " + e);
                continue;
            }
            commands.add(event, json);
        }
        if (commands.events == 0) {
            return;
        }
        List<Object> replies;
        try (Pipeline pipeline = client.pipelined()) {
            commands.send(pipeline);
            replies = pipeline.syncAndReturnAll();
        }
        catch (JedisException e) {
            unreachable.inc();
            throw new IOException("Redis at " + config.uri() + " is unreachable: " + e.getMessage(), e);
        }
        int refused = 0;
        int held = 0;
        String firstRefusal = null;
        for (Object reply : replies) {
            if (reply instanceof JedisDataException error) {
                if (error.getMessage() != null && error.getMessage().contains(DUPLICATE_ID)) {
                    held++;
                }
                else {
                    refused++;
                    firstRefusal = firstRefusal == null ? error.getMessage() : firstRefusal;
                }
            }
        }
        streamPositions.putAll(commands.positions);
        duplicates.inc(held);
        refusedEvents.inc(refused);
        stored.inc(Math.max(0, commands.events - held - refused));
        if (refused > 0) {
            warn("Redis store " + name + ": Redis refused " + refused + " commands of a batch, e.g. " + firstRefusal);
        }
    }

    /**
     * Logs a failure that may repeat with every batch at most once a minute; called from the writer thread only.
     */
    private void warn(String message)
    {
        long now = System.nanoTime();
        if (lastWarningNanos != 0 && now - lastWarningNanos < WARNING_INTERVAL_NANOS) {
            warningsLeftOut++;
            return;
        }
        log.warn(warningsLeftOut == 0 ? message : message + " (and " + warningsLeftOut + " such failures since the last report)");
        lastWarningNanos = now;
        warningsLeftOut = 0;
    }

    @Override
    public Optional<StoreQueries> queries()
    {
        return Optional.of(queries);
    }

    @Override
    public void close()
    {
        client.close();
    }

    /**
     * The commands of one batch, conflated where a later value replaces an earlier one.
     */
    private final class BatchCommands
    {
        private final Map<String, String> latest = new LinkedHashMap<>();
        private final Map<String, Map<Long, String>> candles = new LinkedHashMap<>();
        private final List<String[]> appends = new ArrayList<>();
        private final Map<String, StreamPosition> positions = new HashMap<>();
        private final Map<String, Instrument> instruments = new LinkedHashMap<>();
        private final Map<String, String> published = new LinkedHashMap<>();
        private int events;

        void add(MarketEvent event, String json)
        {
            events++;
            Instrument instrument = event.instrument();
            if (instrument != null) {
                instruments.putIfAbsent(RedisKeys.instrumentId(instrument), instrument);
            }
            if (event instanceof Trade) {
                append(keys.of("trades", instrument), event, json, config.maxTrades());
            }
            else if (event instanceof FundingRate) {
                append(keys.of("funding", instrument), event, json, config.maxFunding());
            }
            else if (event instanceof SourceStatus status) {
                append(keys.status(status), event, json, config.maxStatus());
            }
            else if (event instanceof Candle candle) {
                String key = keys.candles(candle);
                candles.computeIfAbsent(key, ignored -> new LinkedHashMap<>()).put(candle.openTimeMillis(), json);
                published.put(key, json);
            }
            else if (event instanceof IndicatorValue indicator) {
                latest(keys.indicator(indicator), json);
            }
            else if (event instanceof BookDepth || event instanceof Quote || event instanceof Ticker) {
                latest(keys.of(event.type(), instrument), json);
            }
        }

        private void latest(String key, String json)
        {
            latest.put(key, json);
            published.put(key, json);
        }

        private void append(String key, MarketEvent event, String json, long maxLength)
        {
            StreamPosition last = positions.getOrDefault(key, streamPositions.get(key));
            StreamPosition position = last == null ? StreamPosition.first(event.timestampMillis()) : last.next(event.timestampMillis());
            positions.put(key, position);
            appends.add(new String[] {key, position.toString(), json, Long.toString(maxLength)});
            published.put(key, json);
        }

        void send(Pipeline pipeline)
        {
            long ttl = config.ttl().toMillis();
            for (Map.Entry<String, Instrument> entry : instruments.entrySet()) {
                String key = keys.of("instrument", entry.getKey());
                pipeline.hset(key, EventJson.instrumentFields(entry.getValue()));
                pipeline.sadd(keys.instruments(), entry.getKey());
                expire(pipeline, key, ttl);
            }
            SetParams expiry = ttl > 0 ? SetParams.setParams().px(ttl) : SetParams.setParams();
            latest.forEach((key, json) -> pipeline.set(key, json, expiry));
            for (Map.Entry<String, Map<Long, String>> entry : candles.entrySet()) {
                String key = entry.getKey();
                entry.getValue().forEach((start, json) -> {
                    pipeline.zremrangeByScore(key, start, start);
                    pipeline.zadd(key, start, json);
                });
                pipeline.zremrangeByRank(key, 0, -(config.maxBars() + 1L));
                expire(pipeline, key, ttl);
            }
            for (String[] append : appends) {
                pipeline.xadd(append[0], XAddParams.xAddParams().id(append[1]).maxLen(Long.parseLong(append[3])).exactTrimming(), Map.of("json", append[2]));
            }
            if (ttl > 0) {
                positions.keySet().forEach(key -> pipeline.pexpire(key, ttl));
            }
            if (config.publish()) {
                published.forEach(pipeline::publish);
            }
        }

        private void expire(Pipeline pipeline, String key, long ttl)
        {
            if (ttl > 0) {
                pipeline.pexpire(key, ttl);
            }
        }
    }
}
