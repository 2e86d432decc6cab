package io.marketpipe.redis;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.json.EventJson;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.StreamEntryID;
import redis.clients.jedis.resps.StreamEntry;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static io.marketpipe.redis.RedisStores.SPOT;
import static io.marketpipe.redis.RedisStores.candle;
import static io.marketpipe.redis.RedisStores.client;
import static io.marketpipe.redis.RedisStores.count;
import static io.marketpipe.redis.RedisStores.open;
import static io.marketpipe.redis.RedisStores.trade;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedisStoreTest
{
    private static final String TRADES = "marketpipe:trades:binance:spot:BTC/USDT";
    private static final String CANDLES = "marketpipe:candles:binance:spot:BTC/USDT:1m";

    @TempDir
    static Path data;
    private static RedisServer server;

    private final MetricRegistry metrics = new MetricRegistry();

    @BeforeAll
    static void startServer()
            throws IOException
    {
        server = RedisServer.start(data.resolve("redis"));
    }

    @AfterAll
    static void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void emptyServer()
    {
        try (Jedis jedis = client(server)) {
            jedis.flushAll();
        }
    }

    @Test
    void latestBookQuoteAndTickerKeysHoldTheLastEventsJson()
            throws IOException
    {
        BookDepth first = book(1, "61837.63000000");
        BookDepth last = book(2, "61837.64000000");
        Quote quote = new Quote(SPOT, 5_000_000, 6_000_000, 7, Decimal.parse("61837.63000000"), Decimal.parse("1.00000000"), Decimal.parse("61837.64000000"), Decimal.parse("0.50000000"));
        try (RedisStore store = open(server, "", metrics)) {
            store.write(List.of(first, quote));
            store.write(List.of(last));
        }
        try (Jedis jedis = client(server)) {
            assertEquals(EventJson.toJson(last), jedis.get("marketpipe:book:binance:spot:BTC/USDT"));
            assertEquals(EventJson.toJson(quote), jedis.get("marketpipe:quote:binance:spot:BTC/USDT"));
            assertEquals(Map.of("native_symbol", "BTCUSDT", "market_kind", "spot", "base", "BTC", "quote", "USDT"), jedis.hgetAll("marketpipe:instrument:binance:spot:BTC/USDT"));
            assertEquals(java.util.Set.of("binance:spot:BTC/USDT"), jedis.smembers("marketpipe:instruments"));
        }
        assertEquals(3, count(metrics, "stored"));
    }

    @Test
    void candlesAreReplacedInPlaceByStartAndTrimmedToMaxBars()
            throws IOException
    {
        try (RedisStore store = open(server, "max-bars = 3", metrics)) {
            store.write(List.of(candle(60_000, "1", false, 0), candle(60_000, "2", false, 1)));
            store.write(List.of(candle(60_000, "3", true, 2)));
            store.write(List.of(candle(120_000, "4", true, 0), candle(180_000, "5", true, 0), candle(240_000, "6", false, 0)));
            store.write(List.of(candle(240_000, "7", true, 1)));
        }
        try (Jedis jedis = client(server)) {
            List<String> expected = List.of(candle(120_000, "4", true, 0), candle(180_000, "5", true, 0), candle(240_000, "7", true, 1)).stream()
                    .map(EventJson::toJson).toList();
            assertEquals(expected, jedis.zrange(CANDLES, 0, -1), "the last max-bars candles, each in its last revision");
        }
    }

    @Test
    void tradeStreamHoldsTheLastMaxLenTradesInArrivalOrder()
            throws IOException
    {
        List<MarketEvent> trades = new ArrayList<>(LongStream.rangeClosed(1, 8).mapToObj(id -> (MarketEvent) trade(id, 1_000 + id / 2)).toList());
        // a trade fetched again later (backfilled) carries an older time: it is appended after the newer ones
        trades.add(trade(9, 500));
        try (RedisStore store = open(server, "max-length.trades = 5", metrics)) {
            store.write(trades.subList(0, 4));
            store.write(trades.subList(4, trades.size()));
        }
        try (Jedis jedis = client(server)) {
            List<String> expected = trades.subList(trades.size() - 5, trades.size()).stream().map(EventJson::toJson).toList();
            assertEquals(expected, streamJson(jedis, TRADES));
        }
    }

    @Test
    void batchWrittenAgainStoresNothingTwice()
            throws IOException
    {
        List<MarketEvent> batch = List.of(trade(1, 1_000), trade(2, 1_000), candle(60_000, "1", false, 0), book(1, "61837.63000000"));
        // what an attempt cut off by a lost connection leaves: the first trade is stored, the rest is not
        try (RedisStore cutOff = open(server, "", metrics)) {
            cutOff.write(batch.subList(0, 1));
        }
        // the retry (the failed attempt moved no stream position, as in a store that never wrote) and a repeated replay
        for (int attempt = 0; attempt < 2; attempt++) {
            try (RedisStore store = open(server, "", metrics)) {
                store.write(batch);
            }
        }
        try (Jedis jedis = client(server)) {
            assertEquals(List.of(EventJson.toJson(batch.get(0)), EventJson.toJson(batch.get(1))), streamJson(jedis, TRADES));
            assertEquals(List.of(EventJson.toJson(batch.get(2))), jedis.zrange(CANDLES, 0, -1));
        }
        assertEquals(3, count(metrics, "duplicates"), "trades already held are refused: one on the retry, both on the replay");
    }

    @Test
    void queriesAnswerFromTheHeldTradesAndCandles()
            throws IOException
    {
        List<Trade> trades = LongStream.rangeClosed(1, 6).mapToObj(id -> trade(id, id * 60_000)).toList();
        List<Candle> candles = List.of(candle(60_000, "1", true, 0), candle(120_000, "2", true, 0), candle(180_000, "3", true, 0));
        try (RedisStore store = open(server, "", metrics)) {
            store.write(new ArrayList<>(trades));
            store.write(new ArrayList<>(candles));
            StoreQueries queries = store.queries().orElseThrow();
            assertEquals(json(trades.subList(1, 4)), json(queries.trades(new StoreQuery("binance", "BTC/USDT", null, 120_000, 300_000, 100))));
            assertEquals(json(trades.subList(0, 2)), json(queries.trades(new StoreQuery("binance", "spot", "BTC/USDT", null, 0, Long.MAX_VALUE, 2))));
            assertEquals(json(trades.subList(0, 2)), json(queries.trades(new StoreQuery("binance", "BTCUSDT", null, 0, Long.MAX_VALUE, 2))), "by the venue's own symbol");
            assertEquals(List.of(), queries.trades(new StoreQuery("binance", "usdm", "BTC/USDT", null, 0, Long.MAX_VALUE, 10)), "another market");
            assertEquals(json(candles.subList(1, 3)), json(queries.candles(new StoreQuery("binance", "BTC/USDT", RedisStores.MINUTE, 120_000, Long.MAX_VALUE, 10))));
            assertEquals(json(candles), json(queries.candles(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 10))));
            assertEquals(SPOT, queries.trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 1)).get(0).instrument());
            assertEquals(List.of(), queries.trades(new StoreQuery("binance", "ETH/USDT", null, 0, Long.MAX_VALUE, 10)));
        }
    }

    @Test
    void unreachableRedisFailsTheWriteAndTheNextAttemptReconnects()
            throws Exception
    {
        try (RedisStore store = open(server, "connect-timeout = 500ms", metrics)) {
            store.write(List.of(trade(1, 1_000)));
            server.stop();
            try {
                assertThrows(IOException.class, () -> store.write(List.of(trade(2, 2_000))));
                assertEquals(1, count(metrics, "unreachable"));
            }
            finally {
                server.start();
            }
            store.write(List.of(trade(2, 2_000)));
        }
        try (Jedis jedis = client(server)) {
            assertEquals(List.of(EventJson.toJson(trade(1, 1_000)), EventJson.toJson(trade(2, 2_000))), streamJson(jedis, TRADES));
        }
    }

    @Test
    void keysExpireAfterTheTtlAndUpdatesArePublishedOnTheKeysChannel()
            throws Exception
    {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch subscribed = new CountDownLatch(1);
        JedisPubSub subscriber = new JedisPubSub()
        {
            @Override
            public void onPSubscribe(String pattern, int subscribedChannels)
            {
                subscribed.countDown();
            }

            @Override
            public void onPMessage(String pattern, String channel, String message)
            {
                received.add(channel + " " + message);
            }
        };
        Jedis subscription = client(server);
        Thread listening = new Thread(() -> subscription.psubscribe(subscriber, "marketpipe:book:*"), "subscriber");
        listening.start();
        try {
            assertTrue(subscribed.await(10, TimeUnit.SECONDS), "subscribed");
            BookDepth last = book(2, "61837.64000000");
            try (RedisStore store = open(server, "ttl = 1h\npublish = true", metrics)) {
                store.write(List.of(book(1, "61837.63000000"), last, trade(1, 1_000)));
            }
            assertEquals("marketpipe:book:binance:spot:BTC/USDT " + EventJson.toJson(last), received.poll(10, TimeUnit.SECONDS), "conflated to the batch's last book");
            try (Jedis jedis = client(server)) {
                for (String key : List.of("marketpipe:book:binance:spot:BTC/USDT", TRADES, "marketpipe:instrument:binance:spot:BTC/USDT")) {
                    long ttl = jedis.pttl(key);
                    assertTrue(ttl > 0 && ttl <= 3_600_000, key + " expires within the ttl, has " + ttl);
                }
            }
            assertNull(received.poll(), "one notification per key and batch");
        }
        finally {
            subscriber.punsubscribe();
            listening.join();
            subscription.close();
        }
    }

    @Test
    void passwordAuthenticatesAndAWrongOneFailsTheWrite()
            throws Exception
    {
        try (RedisServer guarded = RedisServer.start(data.resolve("guarded"), "--requirepass", "s3cret")) {
            RedisStoreConfig right = RedisStores.config("uri = \"" + guarded.uri() + "\"\npassword = s3cret");
            try (RedisStore store = new RedisStore("test", right, RedisStoreFactory.client(right, "test"), io.marketpipe.api.metrics.Metrics.NOOP)) {
                store.write(List.of(trade(1, 1_000)));
            }
            RedisStoreConfig wrong = RedisStores.config("uri = \"redis://:nope@127.0.0.1:" + guarded.port() + "\"");
            try (RedisStore store = new RedisStore("test", wrong, RedisStoreFactory.client(wrong, "test"), io.marketpipe.api.metrics.Metrics.NOOP)) {
                IOException failure = assertThrows(IOException.class, () -> store.write(List.of(trade(2, 2_000))));
                assertTrue(!failure.getMessage().contains("nope"), "the password stays out of the message: " + failure.getMessage());
            }
        }
    }

    private static BookDepth book(long seq, String bestBid)
    {
        return new BookDepth(SPOT, seq * 1_000_000, seq * 1_000_000 + 5, seq,
                List.of(PriceLevel.parse(bestBid, "1.00000000"), PriceLevel.parse("61800.00000000", "2.00000000")),
                List.of(PriceLevel.parse("61900.00000000", "0.50000000")), false);
    }

    static List<String> streamJson(Jedis jedis, String key)
    {
        return jedis.xrange(key, (StreamEntryID) null, (StreamEntryID) null).stream().map(StreamEntry::getFields).map(fields -> fields.get("json")).toList();
    }

    private static List<String> json(List<? extends MarketEvent> events)
    {
        return events.stream().map(EventJson::toJson).toList();
    }
}
