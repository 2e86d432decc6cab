package io.marketpipe.binance;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.ManualScheduler;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.VenueRestClient;
import io.marketpipe.toolkit.VenueRestException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static io.marketpipe.testkit.fakes.FakeRest.ok;
import static io.marketpipe.testkit.fakes.FakeRest.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinanceRestClientTest
{
    private static final Instrument BTCUSDT = BinanceSymbols.parseConfigured(BinanceMarket.SPOT, "BTC/USDT");

    private final FakeRest rest = new FakeRest();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final CountingMetrics metrics = new CountingMetrics();

    @Test
    void tooManyRequestsIsRetriedAfterItsRetryAfter()
    {
        rest.answer("/api/v3/depth", status(429, Map.of("retry-after", List.of("3")), "{\"code\":-1003,\"msg\":\"Too many requests\"}"), ok(Frames.snapshot(100)));

        CompletableFuture<BookSnapshot> snapshot = client(BinanceMarket.SPOT).depthSnapshot(BTCUSDT, 1000);

        assertFalse(snapshot.isDone());
        assertEquals(List.of(Duration.ofSeconds(3).toNanos()), scheduler.pendingDelaysNanos());
        scheduler.runNext();
        assertEquals(100, snapshot.join().seq());
        assertEquals(2, rest.requests().size());
        assertEquals(1, metrics.count("rest.retries"));
    }

    @Test
    void banIsRetriedAFewTimesThenReported()
    {
        rest.answer("/api/v3/depth", status(418, Map.of(), "{\"code\":-1003,\"msg\":\"Way too many requests; IP banned\"}"));

        CompletableFuture<BookSnapshot> snapshot = client(BinanceMarket.SPOT).depthSnapshot(BTCUSDT, 1000);
        for (int retry = 1; retry < VenueRestClient.MAX_ATTEMPTS; retry++) {
            assertEquals(Duration.ofSeconds(1).toNanos(), scheduler.runNext(), "no Retry-After: the default wait");
        }

        CompletionException failure = assertThrows(CompletionException.class, snapshot::join);
        VenueRestException cause = assertInstanceOf(VenueRestException.class, failure.getCause());
        assertEquals(418, cause.status());
        assertTrue(cause.getMessage().contains("IP banned"), cause.getMessage());
        assertEquals(VenueRestClient.MAX_ATTEMPTS, rest.requests().size());
        assertEquals(List.of(), scheduler.pendingDelaysNanos());
    }

    @Test
    void usedWeightFollowsTheVenuesHeader()
    {
        rest.answer("/api/v3/depth", status(200, Map.of("x-mbx-used-weight-1m", List.of("1234")), Frames.snapshot(100)));
        BinanceRestClient client = client(BinanceMarket.SPOT);
        assertEquals(-1, metrics.gauge("rest.used-weight-1m"));

        client.depthSnapshot(BTCUSDT, 1000).join();

        assertEquals(1234, metrics.gauge("rest.used-weight-1m"));
        assertEquals(1234, client.usedWeight());
    }

    @Test
    void endpointsAndWeightsFollowTheMarket()
    {
        Instrument perpetual = BinanceSymbols.parseConfigured(BinanceMarket.USDM, "BTC/USDT:USDT");
        Instrument inverse = BinanceSymbols.parseConfigured(BinanceMarket.COINM, "BTC/USD:BTC");
        CandleInterval minute = CandleInterval.parse("1m");
        BinanceRestClient spot = client(BinanceMarket.SPOT);
        BinanceRestClient usdm = client(BinanceMarket.USDM);
        BinanceRestClient coinm = client(BinanceMarket.COINM);

        spot.klines(BTCUSDT, minute, 1000, 2000, 500);
        spot.recentTrades(BTCUSDT, 1000);
        spot.aggTrades(BTCUSDT, 42, 1000);
        spot.depthSnapshot(BTCUSDT, 100);
        usdm.klines(perpetual, minute, 1000, 2000, 1500);
        usdm.recentTrades(perpetual, 500);
        usdm.aggTrades(perpetual, 42, 1000);
        usdm.exchangeInfo(List.of("BTCUSDT"));
        usdm.depthSnapshot(perpetual, 50);
        coinm.klines(inverse, minute, 1000, 2000, 99);
        coinm.depthSnapshot(inverse, 100);

        assertEquals(List.of(
                        "2 https://api.binance.com/api/v3/klines?symbol=BTCUSDT&interval=1m&startTime=1000&endTime=2000&limit=500",
                        "25 https://api.binance.com/api/v3/trades?symbol=BTCUSDT&limit=1000",
                        "4 https://api.binance.com/api/v3/aggTrades?symbol=BTCUSDT&fromId=42&limit=1000",
                        "5 https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100",
                        "10 https://fapi.binance.com/fapi/v1/klines?symbol=BTCUSDT&interval=1m&startTime=1000&endTime=2000&limit=1500",
                        "5 https://fapi.binance.com/fapi/v1/trades?symbol=BTCUSDT&limit=500",
                        "20 https://fapi.binance.com/fapi/v1/aggTrades?symbol=BTCUSDT&fromId=42&limit=1000",
                        "1 https://fapi.binance.com/fapi/v1/exchangeInfo",
                        "2 https://fapi.binance.com/fapi/v1/depth?symbol=BTCUSDT&limit=50",
                        "1 https://dapi.binance.com/dapi/v1/klines?symbol=BTCUSD_PERP&interval=1m&startTime=1000&endTime=2000&limit=99",
                        "5 https://dapi.binance.com/dapi/v1/depth?symbol=BTCUSD_PERP&limit=100"),
                rest.requests().stream().map(request -> request.weight() + " " + request.url()).toList());
    }

    @Test
    void klinesBecomeVenueCandlesClosedOnceTheirIntervalEnded()
    {
        rest.answer("/api/v3/klines", "[[1723161240000,\"61837.63\",\"61850.00\",\"61800.01\",\"61840.00\",\"12.5\",1723161299999,\"772970.5\",420,\"7.5\",\"463782.3\",\"0\"],"
                + "[1723161300000,\"61840.00\",\"61841.00\",\"61839.00\",\"61841.00\",\"0.5\",1723161359999,\"30920.25\",3,\"0.5\",\"30920.25\",\"0\"]]");

        List<Candle> candles = client(BinanceMarket.SPOT).klines(BTCUSDT, CandleInterval.parse("1m"), 1723161240000L, 1723161300000L, 2).join();

        assertEquals(2, candles.size());
        Candle first = candles.get(0);
        assertEquals(1723161240000L, first.openTimeMillis());
        assertEquals(Decimal.parse("61837.63"), first.open());
        assertEquals(Decimal.parse("61800.01"), first.low());
        assertEquals(Decimal.parse("12.5"), first.volume());
        assertEquals(Decimal.parse("7.5"), first.buyVolume());
        assertEquals(Decimal.parse("5.0"), first.sellVolume());
        assertEquals(420, first.tradeCount());
        assertTrue(first.closed());
        assertFalse(candles.get(1).closed(), "the clock is inside the second minute");
    }

    @Test
    void aggregateAndRecentTradesAreMarkedBackfilled()
    {
        rest.answer("/aggTrades", "[{\"a\":26129,\"p\":\"0.01633102\",\"q\":\"4.70443515\",\"f\":27781,\"l\":27781,\"T\":1498793709153,\"m\":true,\"M\":true}]");
        rest.answer("/trades", "[{\"id\":28457,\"price\":\"4.00000100\",\"qty\":\"12.00000000\",\"quoteQty\":\"48.000012\",\"time\":1499865549590,\"isBuyerMaker\":false,\"isBestMatch\":true}]");
        BinanceRestClient client = client(BinanceMarket.SPOT);

        Trade aggregate = client.aggTrades(BTCUSDT, 26129, 1).join().get(0);
        Trade recent = client.recentTrades(BTCUSDT, 1).join().get(0);

        assertEquals(new Trade(BTCUSDT, 1498793709153_000_000L, 5_000_000_000L, "26129", Decimal.parse("0.01633102"), Decimal.parse("4.70443515"), Side.SELL, true), aggregate);
        assertEquals(new Trade(BTCUSDT, 1499865549590_000_000L, 5_000_000_000L, "28457", Decimal.parse("4.00000100"), Decimal.parse("12"), Side.BUY, true), recent);
    }

    @Test
    void futuresExchangeInfoNamesPerpetualsAndDatedContracts()
            throws DecodeException
    {
        String body = "{\"symbols\":["
                + "{\"symbol\":\"BTCUSDT\",\"pair\":\"BTCUSDT\",\"contractType\":\"PERPETUAL\",\"deliveryDate\":4133404800000,\"baseAsset\":\"BTC\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\","
                + "\"filters\":[{\"filterType\":\"PRICE_FILTER\",\"tickSize\":\"0.10\"},{\"filterType\":\"LOT_SIZE\",\"stepSize\":\"0.001\"}]},"
                + "{\"symbol\":\"BTCUSDT_250926\",\"pair\":\"BTCUSDT\",\"contractType\":\"CURRENT_QUARTER\",\"deliveryDate\":1758873600000,\"baseAsset\":\"BTC\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\",\"filters\":[]},"
                + "{\"symbol\":\"ETHUSDT\",\"contractType\":\"PERPETUAL\",\"baseAsset\":\"ETH\",\"quoteAsset\":\"USDT\",\"marginAsset\":\"USDT\"}]}";

        Map<String, Instrument> instruments = BinanceRestClient.parseExchangeInfo(BinanceMarket.USDM, body, Set.of("BTCUSDT", "BTCUSDT_250926"));

        assertEquals(Set.of("BTCUSDT", "BTCUSDT_250926"), instruments.keySet());
        Instrument perpetual = instruments.get("BTCUSDT");
        assertEquals("BTC/USDT:USDT", perpetual.symbol());
        assertEquals(MarketKind.PERPETUAL, perpetual.kind());
        assertEquals(Decimal.parse("0.1"), perpetual.tickSize());
        assertEquals(Decimal.parse("0.001"), perpetual.lotSize());
        Instrument quarterly = instruments.get("BTCUSDT_250926");
        assertEquals("BTC/USDT:USDT-250926", quarterly.symbol());
        assertEquals(MarketKind.FUTURE, quarterly.kind());
        assertNull(quarterly.tickSize());
    }

    @Test
    void bodyThatIsNotTheDocumentedShapeFailsNamingTheField()
    {
        rest.answer("/api/v3/depth", "{\"lastUpdateId\":1,\"bids\":[[\"1.0\"]],\"asks\":[]}");

        CompletionException failure = assertThrows(CompletionException.class, () -> client(BinanceMarket.SPOT).depthSnapshot(BTCUSDT, 1000).join());

        assertInstanceOf(DecodeException.class, failure.getCause());
        assertTrue(failure.getCause().getMessage().contains("field 'bids' holds an array where a [price, quantity] pair belongs"), failure.getCause().getMessage());
    }

    @Test
    void requestsCarryTheDocumentedDepthWeights()
    {
        BinanceRestClient spot = client(BinanceMarket.SPOT);
        for (int limit : new int[] {5, 100, 101, 500, 501, 1000, 1001, 5000}) {
            spot.depthSnapshot(BTCUSDT, limit);
        }

        assertEquals(List.of(5, 5, 25, 25, 50, 50, 250, 250), rest.requests().stream().map(RestRequest::weight).toList());
    }

    private BinanceRestClient client(BinanceMarket market)
    {
        MarketClock clock = () -> 1723161330000_000_000L;
        // each market's production REST host, as the defaults declare it
        String restUrl = switch (market) {
            case SPOT -> "https://api.binance.com";
            case USDM -> "https://fapi.binance.com";
            case COINM -> "https://dapi.binance.com";
        };
        return new BinanceRestClient(market, restUrl, rest, scheduler, clock, Duration.ofSeconds(1), metrics);
    }
}
