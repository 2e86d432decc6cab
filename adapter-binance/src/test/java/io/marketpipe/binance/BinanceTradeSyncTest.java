package io.marketpipe.binance;

import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.marketpipe.binance.Frames.aggTrade;
import static io.marketpipe.binance.Frames.restAggTrades;
import static io.marketpipe.binance.Frames.restTrades;
import static io.marketpipe.binance.Frames.trade;
import static io.marketpipe.testkit.fakes.FakeRest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gap-free trades: what a reconnect or a lost frame misses is fetched over REST and emitted in
 * order, marked backfilled, before the live trades that follow; duplicates are dropped; what
 * cannot be fetched is reported with its exact bounds.
 */
class BinanceTradeSyncTest
{
    private static final String SPOT_TRADES = "symbols = [BTCUSDT], channels = [trades], exchange-info = false";

    private final TestContext context = new TestContext();

    @Test
    void tradesMissedDuringAReconnectAreFetchedAsSoonAsItReopensEvenWhenNoLiveTradeFollows()
    {
        FakeWebSockets.FakeConnection first = context.start(SPOT_TRADES, "/api/v3/historicalTrades", ok(restTrades(4, 6)));
        dropAfterTrades(first, 1, 2, 3);

        assertEquals(List.of("1", "2", "3", "4 backfilled", "5 backfilled", "6 backfilled"), trades(), "fetched on reopening, before any live trade");
        RestRequest request = context.rest.requests().get(0);
        assertEquals("https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=4&limit=1000", request.url());
        assertEquals(25, request.weight());
        pushTrades(context.webSockets.last(), 7, 8);
        assertEquals(List.of("1", "2", "3", "4 backfilled", "5 backfilled", "6 backfilled", "7", "8"), trades());
        assertEquals(1, context.rest.requests().size(), "a short page ends the catch-up");
        assertCaughtUpWithoutGap(3);
    }

    @Test
    void tradesMissedDuringAReconnectAreFetchedAndEmittedBeforeTheLiveOnesThatArriveFirst()
    {
        FakeWebSockets.FakeConnection first = context.startHoldingAnswers(SPOT_TRADES, "/api/v3/historicalTrades", ok(restTrades(4, 6)));
        dropAfterTrades(first, 1, 2, 3);
        pushTrades(context.webSockets.last(), 7, 8);
        assertEquals(List.of("1", "2", "3"), trades(), "live trades wait for the catch-up");
        context.rest.releaseNext();

        assertEquals(List.of("1", "2", "3", "4 backfilled", "5 backfilled", "6 backfilled", "7", "8"), trades());
        assertCaughtUpWithoutGap(3);
    }

    @Test
    void liveTradesWaitForTheBackfillAndDuplicatesAreDropped()
    {
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers(SPOT_TRADES, "/api/v3/historicalTrades", ok(restTrades(2, 4)));

        pushTrades(connection, 1, 5, 6, 5, 3, 7);
        assertEquals(List.of("1"), trades(), "held while trades 2 to 4 are on their way");
        context.rest.releaseNext();
        pushTrades(connection, 7, 8);

        assertEquals(List.of("1", "2 backfilled", "3 backfilled", "4 backfilled", "5", "6", "7", "8"), trades());
        assertEquals(1, context.rest.requests().size());
        assertEquals(3, context.metrics.count("trades.duplicates"), "5 held twice, 3 while it is being fetched, and 7 after its release");
    }

    @Test
    void largeAggregateTradeGapIsFetchedPageByPage()
    {
        context.rest.answer("fromId=2&limit=1000", restAggTrades(2, 1001));
        context.rest.answer("fromId=1002&limit=1000", restAggTrades(1002, 2001));
        FakeWebSockets.FakeConnection connection = context.start("symbols = [BTCUSDT], channels = [trades], trade-stream = aggTrade, exchange-info = false", "fromId=2002&limit=500", ok(restAggTrades(2002, 2501)));

        connection.push(aggTrade("BTCUSDT", 1));
        connection.push(aggTrade("BTCUSDT", 2502));

        List<Trade> trades = context.events(Trade.class);
        assertEquals(2502, trades.size());
        for (int i = 0; i < trades.size(); i++) {
            assertEquals(Long.toString(i + 1), trades.get(i).tradeId());
            assertEquals(i > 0 && i < 2501, trades.get(i).backfilled(), "trade " + (i + 1));
        }
        assertEquals(List.of(
                "https://api.binance.com/api/v3/aggTrades?symbol=BTCUSDT&fromId=2&limit=1000",
                "https://api.binance.com/api/v3/aggTrades?symbol=BTCUSDT&fromId=1002&limit=1000",
                "https://api.binance.com/api/v3/aggTrades?symbol=BTCUSDT&fromId=2002&limit=500"), context.rest.urls());
        assertEquals(4, context.rest.requests().get(0).weight());
    }

    @Test
    void futuresTradeStreamFillsFromTheRecentTradesAndReportsWhatIsOlder()
    {
        FakeWebSockets.FakeConnection connection = context.start("market = usdm, symbols = [BTCUSDT], channels = [trades], exchange-info = false", "/fapi/v1/trades", ok(restTrades(1000, 1999)));

        pushTrades(connection, 100, 2000);

        List<Trade> trades = context.events(Trade.class);
        assertEquals(1002, trades.size());
        assertEquals("1000", trades.get(1).tradeId());
        assertTrue(trades.get(1).backfilled());
        assertEquals("2000", trades.get(1001).tradeId());
        assertEquals(List.of("https://fapi.binance.com/fapi/v1/trades?symbol=BTCUSDT&limit=1000"), context.rest.urls());
        List<SourceStatus> gaps = context.statuses(SourceStatus.Kind.GAP);
        assertEquals(1, gaps.size());
        assertEquals("trades 101 to 999 (899) missed and not fetched: older than the 1000 recent trades Binance serves futures clients without an API key",
                gaps.get(0).reason());
        assertEquals("BTC/USDT:USDT", gaps.get(0).instrument().symbol());
        assertEquals(899, context.metrics.count("trades.missed"));
    }

    @Test
    void gapTheVenueRefusesToFillIsReportedWithItsBounds()
    {
        FakeWebSockets.FakeConnection connection = context.start(SPOT_TRADES, "/api/v3/historicalTrades", FakeRest.status(401, Map.of(), "{\"code\":-2014,\"msg\":\"API-key format invalid.\"}"));

        pushTrades(connection, 3, 7, 8);

        assertEquals(List.of("3", "7", "8"), trades());
        List<SourceStatus> gaps = context.statuses(SourceStatus.Kind.GAP);
        assertEquals(1, gaps.size());
        assertTrue(gaps.get(0).reason().startsWith("trades 4 to 6 (3) missed and not fetched: historicalTrades failed: GET "
                + "https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=4&limit=3 answered 401"), gaps.get(0).reason());
        assertEquals(1, context.rest.requests().size(), "a refusal is not retried");
        assertEquals(3, context.metrics.count("trades.missed"));
    }

    @Test
    void failedBackfillIsRetriedAfterABackoff()
    {
        FakeWebSockets.FakeConnection connection = context.start(SPOT_TRADES, "/api/v3/historicalTrades", FakeRest.status(503, Map.of(), ""), ok(restTrades(2, 2)));
        pushTrades(connection, 1, 3);
        assertEquals(List.of("1"), trades());

        long delay = context.scheduler.runNext();

        assertTrue(delay <= 1_000_000_000L, "drawn between 0 and reconnect-backoff-min: " + delay);
        assertEquals(List.of("1", "2 backfilled", "3"), trades());
        assertEquals(List.of(), context.statuses(SourceStatus.Kind.GAP));
    }

    @Test
    void backfillLimitFetchesTheLatestMissedTradesAndReportsTheRest()
    {
        FakeWebSockets.FakeConnection connection = context.start(SPOT_TRADES + ", trade-backfill-limit = 2", "/api/v3/historicalTrades", ok(restTrades(8, 9)));

        pushTrades(connection, 1, 10);

        assertEquals(List.of("1", "8 backfilled", "9 backfilled", "10"), trades());
        assertEquals(List.of("https://api.binance.com/api/v3/historicalTrades?symbol=BTCUSDT&fromId=8&limit=2"), context.rest.urls());
        assertEquals("trades 2 to 7 (6) missed and not fetched: more than trade-backfill-limit = 2 trades were missed; only the latest are fetched",
                context.statuses(SourceStatus.Kind.GAP).get(0).reason());
    }

    @Test
    void backfillsOfManySymbolsGoOneRequestAtATime()
    {
        List<String> symbols = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            symbols.add("S" + i + "USDT");
        }
        FakeWebSockets.FakeConnection connection = context.startHoldingAnswers("symbols = [" + String.join(", ", symbols) + "], channels = [trades], exchange-info = false", "/api/v3/historicalTrades", ok(restTrades(2, 2)));
        for (String symbol : symbols) {
            connection.push(trade(symbol, 1));
        }
        connection.drop();
        context.scheduler.runNext();
        for (String symbol : symbols) {
            context.webSockets.last().push(trade(symbol, 3));
        }

        for (int released = 0; released < symbols.size(); released++) {
            assertEquals(1, context.rest.heldCount(), "one request at a time, after " + released + " answers");
            context.rest.releaseNext();
        }

        assertEquals(0, context.rest.heldCount());
        assertEquals(symbols.size(), context.rest.requests().size());
        assertEquals(symbols.size() * 3, context.events(Trade.class).size());
        assertEquals(symbols.size(), context.metrics.count("trades.backfilled"));
    }

    private List<String> trades()
    {
        return context.events(Trade.class).stream().map(trade -> trade.tradeId() + (trade.backfilled() ? " backfilled" : "")).collect(Collectors.toList());
    }

    /**
     * Pushes the trades, drops the connection and lets the connector reconnect.
     */
    private void dropAfterTrades(FakeWebSockets.FakeConnection connection, long... ids)
    {
        pushTrades(connection, ids);
        connection.drop();
        context.scheduler.runNext();
    }

    /**
     * Pushes BTCUSDT trades with these ids, in this order.
     */
    private static void pushTrades(FakeWebSockets.FakeConnection connection, long... ids)
    {
        for (long id : ids) {
            connection.push(trade("BTCUSDT", id));
        }
    }

    private void assertCaughtUpWithoutGap(long backfilled)
    {
        assertEquals(backfilled, context.metrics.count("trades.backfilled"));
        assertEquals(List.of(), context.statuses(SourceStatus.Kind.GAP), "no gap reported");
    }
}
