package io.marketpipe.coinbase;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CoinbaseRestClientTest
{
    private static final Instrument BTC = CoinbaseSymbols.fromNative("BTC-USD");

    private final FakeRest rest = new FakeRest();

    @Test
    void advancedTradeProductsGiveIncrementsAndCanonicalSymbols()
    {
        rest.answer("/api/v3/brokerage/market/products", "{\"products\":[{\"product_id\":\"BTC-USD\",\"base_increment\":\"0.00000001\",\"quote_increment\":\"0.01\","
                + "\"price_increment\":\"0.01\",\"base_currency_id\":\"BTC\",\"quote_currency_id\":\"USD\",\"product_type\":\"SPOT\"},"
                + "{\"product_id\":\"ETH-USD\",\"base_increment\":\"0.00000001\",\"quote_increment\":\"0.01\",\"base_currency_id\":\"ETH\",\"quote_currency_id\":\"USD\"}]}");

        Map<String, Instrument> products = client(CoinbaseFeed.ADVANCED_TRADE).products(List.of("BTC-USD")).join();

        assertEquals(List.of("BTC-USD"), List.copyOf(products.keySet()));
        Instrument btc = products.get("BTC-USD");
        assertEquals("BTC/USD", btc.symbol());
        assertEquals(Decimal.parse("0.01"), btc.tickSize());
        assertEquals(Decimal.parse("0.00000001"), btc.lotSize());
        assertEquals("https://api.coinbase.com/api/v3/brokerage/market/products?product_ids=BTC-USD", rest.urls().get(0));
    }

    @Test
    void exchangeCandlesAreReadFromTheirRowsOldestFirst()
    {
        // [time, low, high, open, close, volume], newest first
        rest.answer("/products/BTC-USD/candles", "[[1618677900,\"61000.5\",\"61100\",\"61050\",\"61010.25\",\"12.5\"],[1618677840,60990,61060,61000,61050,\"3.25\"]]");

        List<Candle> candles = client(CoinbaseFeed.EXCHANGE).candles(BTC, CandleInterval.parse("1m"), 1_618_677_840_000L, 1_618_677_960_000L, 1_618_677_930_000L).join();

        assertEquals(List.of(1_618_677_840_000L, 1_618_677_900_000L), candles.stream().map(Candle::openTimeMillis).collect(Collectors.toList()));
        Candle last = candles.get(1);
        assertEquals(Decimal.parse("61050"), last.open());
        assertEquals(Decimal.parse("61100"), last.high());
        assertEquals(Decimal.parse("61000.5"), last.low());
        assertEquals(Decimal.parse("61010.25"), last.close());
        assertTrue(candles.get(0).closed());
        assertFalse(last.closed(), "its minute had not ended at the time asked");
        assertTrue(rest.urls().get(0).startsWith("https://api.exchange.coinbase.com/products/BTC-USD/candles?granularity=60&start=2021-04-17T16%3A44%3A00Z"), rest.urls().get(0));
    }

    @Test
    void advancedTradeCandlesNameTheirGranularity()
    {
        rest.answer("/candles", "{\"candles\":[{\"start\":\"1786309500\",\"low\":\"1919.27\",\"high\":\"1919.6\",\"open\":\"1919.58\",\"close\":\"1919.41\",\"volume\":\"36.36630914\"}]}");
        CoinbaseRestClient client = client(CoinbaseFeed.ADVANCED_TRADE);

        List<Candle> candles = client.candles(BTC, CandleInterval.parse("5m"), 1_786_309_500_000L, 1_786_309_800_000L, 1_786_309_900_000L).join();

        assertEquals(1, candles.size());
        assertEquals(Decimal.parse("36.36630914"), candles.get(0).volume());
        assertTrue(rest.urls().get(0).contains("granularity=FIVE_MINUTE"), rest.urls().get(0));
        assertFalse(client.offersInterval(CandleInterval.parse("3m")));
    }

    private CoinbaseRestClient client(CoinbaseFeed feed)
    {
        // each feed's production REST host, as its defaults declare it
        String restUrl = feed == CoinbaseFeed.ADVANCED_TRADE ? "https://api.coinbase.com" : "https://api.exchange.coinbase.com";
        return new CoinbaseRestClient(feed, restUrl, rest, new ManualScheduler(), Duration.ofSeconds(1), new CountingMetrics());
    }
}
