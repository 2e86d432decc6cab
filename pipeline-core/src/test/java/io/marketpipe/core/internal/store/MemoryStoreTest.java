package io.marketpipe.core.internal.store;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.internal.config.TypesafePluginConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MemoryStoreTest
{
    private static final Instrument SPOT = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    private static final Instrument PERPETUAL = Instrument.builder("binance", "usdm", "BTCUSDT").base("BTC").quote("USDT").settle("USDT").kind(MarketKind.PERPETUAL).build();
    private static final CandleInterval MINUTE = CandleInterval.parse("1m");

    @Test
    void keepsTheLatestEventsOfEachInstrumentUpToItsCapacity()
            throws IOException
    {
        MemoryStore store = new MemoryStore(Map.of("trade", 5));
        store.write(trades(1, 12));
        store.write(List.of(trade(PERPETUAL, 1, 1000)));

        List<Trade> spot = queries(store).trades(all("BTC/USDT"));
        assertEquals(List.of("8", "9", "10", "11", "12"), spot.stream().map(Trade::tradeId).toList());
        assertEquals(1, queries(store).trades(all("BTC/USDT:USDT")).size(), "another instrument has its own buffer");
    }

    @Test
    void typesWithoutCapacityAreNotKept()
            throws IOException
    {
        MemoryStore store = new MemoryStore(Map.of("trade", 0, "funding", 10));
        store.write(List.of(trade(PERPETUAL, 1, 1000), new FundingRate(PERPETUAL, 1_000_000_000L, 1_000_000_000L, Decimal.parse("0.0001"), 0, null, null)));
        assertTrue(queries(store).trades(all("BTC/USDT:USDT")).isEmpty());
        assertEquals(1, queries(store).funding(all("BTC/USDT:USDT")).size());
    }

    @Test
    void aTradeWrittenTwiceIsKeptOnce()
            throws IOException
    {
        MemoryStore store = new MemoryStore(Map.of("trade", 100));
        List<MarketEvent> batch = List.of(trade(SPOT, 1, 1000), trade(SPOT, 2, 2000));
        store.write(batch);
        store.write(batch);
        assertEquals(List.of("1", "2"), queries(store).trades(all("BTC/USDT")).stream().map(Trade::tradeId).toList());
    }

    @Test
    void aCandleRevisionReplacesTheEarlierVersionAndAnOlderOneDoesNot()
            throws IOException
    {
        MemoryStore store = new MemoryStore(Map.of("candle", 10));
        store.write(List.of(
                candle(60_000, "100", false, 0),
                candle(60_000, "101", true, 0),
                candle(60_000, "102", true, 1),
                candle(60_000, "99", false, 0),
                candle(120_000, "103", true, 0)));

        List<Candle> candles = queries(store).candles(new StoreQuery("binance", "BTC/USDT", MINUTE, 0, Long.MAX_VALUE, 10));
        assertEquals(2, candles.size());
        assertEquals("102", candles.get(0).close().toString());
        assertEquals(1, candles.get(0).revision());
        assertEquals(120_000, candles.get(1).openTimeMillis());
        assertTrue(queries(store).candles(new StoreQuery("binance", "BTC/USDT", CandleInterval.parse("1h"), 0, Long.MAX_VALUE, 10)).isEmpty());
    }

    @Test
    void queriesSelectTheRangeOldestFirstUpToTheLimit()
            throws IOException
    {
        MemoryStore store = new MemoryStore(Map.of("trade", 1000, "funding", 10));
        store.write(trades(1, 100));
        store.write(List.of(new FundingRate(PERPETUAL, 5_000_000_000L, 5_000_000_001L, Decimal.parse("-0.00012345"), 28_800_000, null, null)));

        List<Trade> range = queries(store).trades(new StoreQuery("binance", "spot", "BTC/USDT", null, 10_000, 20_000, 1000));
        assertEquals(LongStream.range(10, 20).mapToObj(Long::toString).toList(), range.stream().map(Trade::tradeId).toList());
        List<Trade> limited = queries(store).trades(new StoreQuery("binance", "BTC/USDT", null, 10_000, 20_000, 3));
        assertEquals(List.of("10", "11", "12"), limited.stream().map(Trade::tradeId).toList());
        assertTrue(queries(store).trades(new StoreQuery("binance", "usdm", "BTC/USDT", null, 0, Long.MAX_VALUE, 10)).isEmpty(), "market filter");
        assertEquals(100, queries(store).trades(new StoreQuery("binance", "BTCUSDT", null, 0, Long.MAX_VALUE, 1000)).size(), "native symbol finds both markets' instruments");
        assertEquals("-0.00012345", queries(store).funding(all("BTC/USDT:USDT")).get(0).rate().toString());
    }

    @Test
    void theFactoryReadsCapacitiesFromItsDefaultsAndRejectsUnknownTypes()
            throws IOException
    {
        Config defaults = ConfigFactory.parseResources(MemoryStoreTest.class.getClassLoader(), "reference.conf").getConfig("marketpipe.defaults.store.memory");
        MemoryStoreFactory factory = new MemoryStoreFactory();
        StoreContext context = () -> "memory";

        Store store = factory.create(TypesafePluginConfig.create("marketpipe.stores[0]", ConfigFactory.parseString("type = memory, capacity.trade = 2"), defaults, Set.of("type", "name")), context);
        store.write(trades(1, 3));
        assertEquals(2, store.queries().orElseThrow().trades(all("BTC/USDT")).size());

        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> factory.create(
                TypesafePluginConfig.create("marketpipe.stores[0]", ConfigFactory.parseString("type = memory, capacity.trades = 2"), defaults, Set.of("type", "name")), context));
        assertEquals("marketpipe.stores[0].capacity.trades", unknown.path());
        ConfigurationException negative = assertThrows(ConfigurationException.class, () -> factory.create(
                TypesafePluginConfig.create("marketpipe.stores[0]", ConfigFactory.parseString("type = memory, capacity.quote = -1"), defaults, Set.of("type", "name")), context));
        assertEquals("marketpipe.stores[0].capacity.quote", negative.path());
    }

    private static StoreQueries queries(MemoryStore store)
    {
        return store.queries().orElseThrow();
    }

    private static StoreQuery all(String symbol)
    {
        return new StoreQuery("binance", symbol, null, 0, Long.MAX_VALUE, 10_000);
    }

    private static List<MarketEvent> trades(long firstId, long lastId)
    {
        return LongStream.rangeClosed(firstId, lastId).<MarketEvent>mapToObj(id -> trade(SPOT, id, 1000 * id)).toList();
    }

    private static Trade trade(Instrument instrument, long id, long millis)
    {
        return new Trade(instrument, millis * 1_000_000, millis * 1_000_000 + 5, Long.toString(id), Decimal.parse("61837.63000000"), Decimal.parse("0.00100000"), Side.BUY, false);
    }

    private static Candle candle(long openTime, String close, boolean closed, int revision)
    {
        Decimal price = Decimal.parse(close);
        return new Candle(SPOT, 0, openTime * 1_000_000, MINUTE, openTime, price, price, price, price, Decimal.ONE, null, 1, null, null, null, CandleSource.BUILT, closed, revision);
    }
}
