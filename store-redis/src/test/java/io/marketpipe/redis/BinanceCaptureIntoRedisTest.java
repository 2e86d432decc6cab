package io.marketpipe.redis;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.json.EventJson;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.marketpipe.redis.RedisStoreTest.streamJson;
import static io.marketpipe.redis.RedisStores.client;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a recorded Binance session into a Redis store through the real runtime and the Binance
 * connector, and compares what Redis holds with what an in-process listener saw, which is what
 * {@code replay --emit jsonl} prints: the latest book is the last book event, the trade stream the
 * last {@code MAXLEN} trades in order, the candle set the built candles in their last revision.
 * Then the same with Redis stopped during the replay.
 */
class BinanceCaptureIntoRedisTest
{
    private static final String CAPTURE = "binance/spot-btcusdt-20240808.jsonl.gz";
    private static final long OUTAGE_SECONDS = 20;
    private static final int MAX_TRADES = 10_000;
    private static final int MAX_BARS = 5_000;

    @TempDir
    Path temp;
    private RedisServer server;

    @BeforeEach
    void startServer()
            throws IOException
    {
        server = RedisServer.start(temp.resolve("redis"));
    }

    @AfterEach
    void stopServer()
    {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void redisHoldsTheLastBookTheLastTradesAndTheBuiltCandles()
            throws IOException
    {
        Path capture = Captures.require(CAPTURE);
        EmittedEvents emitted = new EmittedEvents(() -> {});
        try (MarketPipe pipe = pipeline(capture, emitted, "")) {
            pipe.start();
            pipe.replay();
        }
        assertHoldsWhatWasEmitted(emitted);

        // a second replay of the same capture stores no trade twice
        EmittedEvents again = new EmittedEvents(() -> {});
        try (MarketPipe pipe = pipeline(capture, again, "")) {
            pipe.start();
            pipe.replay();
            assertEquals(emitted.streamed(), pipe.count("store.cache.duplicates"), "every stream entry was refused as held");
        }
        assertEquals(emitted.trades, again.trades);
        assertHoldsWhatWasEmitted(emitted);

        // what `query` reads: a pipeline that only has the store
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.stores = [{ type = redis, uri = \"" + server.uri() + "\" }]")
                .build()) {
            StoreQueries queries = pipe.queries().orElseThrow();
            List<String> trades = queries.trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, Integer.MAX_VALUE)).stream()
                    .map(EventJson::toJson).toList();
            assertEquals(emitted.trades.subList(emitted.trades.size() - MAX_TRADES, emitted.trades.size()), trades, "queries return the held trades");
            List<String> candles = queries.candles(new StoreQuery("binance", "spot", "BTC/USDT", CandleInterval.parse("1m"), 0, Long.MAX_VALUE, 10_000)).stream()
                    .map(EventJson::toJson).toList();
            assertEquals(new ArrayList<>(emitted.candles.get("marketpipe:candles:binance:spot:BTC/USDT:1m").values()), candles, "queries return the held candles");
        }
    }

    @Test
    void redisStoppedForTwentySecondsDuringTheReplayLosesNothingThatFitsTheBuffer()
            throws Exception
    {
        Path capture = Captures.require(CAPTURE);
        AtomicReference<Thread> outage = new AtomicReference<>();
        // once the replay is under way; the small buffer makes the replay wait for the store while Redis is down
        EmittedEvents emitted = new EmittedEvents(() -> outage.set(startOutage(true, OUTAGE_SECONDS)));
        MarketPipe metrics;
        try (MarketPipe pipe = pipeline(capture, emitted, "marketpipe.bus.buffer-size = 4096\nmarketpipe.shutdown.timeout = 2m")) {
            pipe.start();
            pipe.replay();
            metrics = pipe;
        }
        assertNotNull(outage.get(), "Redis was stopped during the replay");
        outage.get().join();
        assertTrue(metrics.count("store.cache.unreachable") > 0, "the store found Redis down");
        assertEquals(0, metrics.count("bus.stage.store-cache.dropped"));
        assertEquals(0, metrics.count("store.cache.lost"));
        assertHoldsWhatWasEmitted(emitted);
    }

    @Test
    void eventsThatDoNotFitTheBufferWhileRedisIsDownAreCounted()
            throws Exception
    {
        Path capture = Captures.require(CAPTURE);
        int bufferSize = 2048;
        EmittedEvents emitted = new EmittedEvents(() -> {});
        MarketPipe metrics;
        server.stop();
        try (MarketPipe pipe = pipeline(capture, emitted, "marketpipe.bus { buffer-size = " + bufferSize + ", overflow = drop-newest }")) {
            pipe.start();
            Thread outage = startOutage(false, 5);
            pipe.replay();
            outage.join();
            metrics = pipe;
        }
        long received = metrics.count("bus.stage.store-cache.received");
        long delivered = metrics.count("bus.stage.store-cache.delivered");
        long dropped = metrics.count("bus.stage.store-cache.dropped");
        System.out.printf("Redis down at the start: %d events for the store, %d stored, %d dropped and counted%n", received, delivered, dropped);
        assertTrue(metrics.count("store.cache.unreachable") > 0, "the store found Redis down");
        assertTrue(dropped > 0, "more events came than the buffer holds");
        assertEquals(emitted.count(), received, "the store's stage was offered every event");
        assertEquals(received, delivered + dropped, "every event was stored or counted as dropped");
        assertEquals(delivered, metrics.count("store.cache.stored"), "every event handed to the store was stored");
        assertTrue(delivered >= bufferSize, "what fit the buffer while Redis was down was stored: " + delivered);
        try (Jedis jedis = client(server)) {
            List<String> stored = streamJson(jedis, "marketpipe:trades:binance:spot:BTC/USDT");
            assertFalse(stored.isEmpty());
            assertTrue(isSubsequence(stored, emitted.trades), "the stored trades are emitted ones, in order");
        }
    }

    private MarketPipe pipeline(Path capture, EmittedEvents emitted, String hocon)
    {
        return MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .replay(capture, "max")
                .config("marketpipe.stores = [{ name = cache, type = redis, uri = \"" + server.uri() + "\", max-bars = " + MAX_BARS
                        + ", max-length.trades = " + MAX_TRADES + " }]\n" + hocon)
                .listener(emitted)
                .build();
    }

    private void assertHoldsWhatWasEmitted(EmittedEvents emitted)
    {
        assertFalse(emitted.trades.isEmpty(), "the capture has trades");
        assertFalse(emitted.latest.isEmpty(), "the capture has books");
        assertTrue(emitted.trades.size() > MAX_TRADES, "the capture has more trades than the stream keeps");
        try (Jedis jedis = client(server)) {
            for (Map.Entry<String, String> latest : emitted.latest.entrySet()) {
                assertEquals(latest.getValue(), jedis.get(latest.getKey()), latest.getKey() + " holds the last emitted event");
            }
            List<String> lastTrades = emitted.trades.subList(emitted.trades.size() - MAX_TRADES, emitted.trades.size());
            assertEquals(lastTrades, streamJson(jedis, "marketpipe:trades:binance:spot:BTC/USDT"), "the stream holds the last MAXLEN trades in order");
            assertFalse(emitted.candles.isEmpty(), "candles were built");
            for (Map.Entry<String, TreeMap<Long, String>> candles : emitted.candles.entrySet()) {
                List<String> built = new ArrayList<>(candles.getValue().values());
                assertEquals(built.subList(Math.max(0, built.size() - MAX_BARS), built.size()), jedis.zrange(candles.getKey(), 0, -1),
                        candles.getKey() + " holds the built candles in their last revision");
            }
        }
    }

    /**
     * Starts Redis again after {@code seconds}, stopping it first when {@code stopFirst}.
     */
    private Thread startOutage(boolean stopFirst, long seconds)
    {
        Thread thread = new Thread(() -> {
            try {
                if (stopFirst) {
                    server.stop();
                }
                TimeUnit.SECONDS.sleep(seconds);
                server.start();
            }
            catch (InterruptedException | IOException e) {
                throw new IllegalStateException("the outage did not end as planned", e);
            }
        }, "redis-outage");
        thread.start();
        return thread;
    }

    private static boolean isSubsequence(List<String> part, List<String> whole)
    {
        Iterator<String> remaining = whole.iterator();
        for (String element : part) {
            boolean found = false;
            while (!found && remaining.hasNext()) {
                found = remaining.next().equals(element);
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    /**
     * What the pipeline emitted, as {@code replay --emit jsonl} prints it: the last book, quote and
     * ticker by key, every trade in order, and the last revision of every built candle by start.
     */
    private static final class EmittedEvents
            implements EventListener
    {
        private static final long OUTAGE_AFTER_TRADES = 1_000;

        private final Runnable onReplayUnderWay;
        private final Map<String, String> latest = Collections.synchronizedMap(new LinkedHashMap<>());
        private final List<String> trades = new CopyOnWriteArrayList<>();
        private final Map<String, TreeMap<Long, String>> candles = Collections.synchronizedMap(new LinkedHashMap<>());
        private long events;
        private long streamed;

        EmittedEvents(Runnable onReplayUnderWay)
        {
            this.onReplayUnderWay = onReplayUnderWay;
        }

        @Override
        public synchronized void onEvent(MarketEvent event)
        {
            events++;
            if (event.type().equals("trade") || event.type().equals("funding") || event.type().equals("status")) {
                streamed++;
            }
            String json = EventJson.toJson(event);
            String instrument = event.instrument() == null ? null : RedisKeys.instrumentId(event.instrument());
            switch (event.type()) {
                case "book", "quote", "ticker" -> latest.put("marketpipe:" + event.type() + ":" + instrument, json);
                case "trade" -> {
                    trades.add(json);
                    if (trades.size() == OUTAGE_AFTER_TRADES && !((Trade) event).backfilled()) {
                        onReplayUnderWay.run();
                    }
                }
                case "candle" -> {
                    Candle candle = (Candle) event;
                    String key = "marketpipe:candles:" + instrument + ":" + candle.interval().label() + (candle.source() == CandleSource.BUILT ? "" : ":venue");
                    candles.computeIfAbsent(key, ignored -> new TreeMap<>()).put(candle.openTimeMillis(), json);
                }
                default -> {
                }
            }
        }

        synchronized long count()
        {
            return events;
        }

        /**
         * @return the events that go to streams: trades, funding rates, status
         */
        synchronized long streamed()
        {
            return streamed;
        }
    }
}
