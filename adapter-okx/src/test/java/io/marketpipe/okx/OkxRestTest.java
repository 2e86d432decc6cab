package io.marketpipe.okx;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.fakes.FakeRest;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the connector asks OKX's REST API and what it does with the answers.
 */
class OkxRestTest
{
    private static final String TRADE = "{\"instId\":\"BTC-USDT\",\"tradeId\":\"%d\",\"px\":\"43000.5\",\"sz\":\"0.01\",\"side\":\"sell\",\"ts\":\"1700000000000\"}";

    private final TestContext context = new TestContext();

    @Test
    void instrumentDefinitionsReplaceWhatTheIdsTell()
    {
        context.rest.answer("/api/v5/public/instruments?instType=SWAP", "{\"code\":\"0\",\"msg\":\"\",\"data\":[{\"instId\":\"BTC-USD-SWAP\",\"instType\":\"SWAP\","
                + "\"settleCcy\":\"BTC\",\"ctVal\":\"100\",\"ctValCcy\":\"USD\",\"tickSz\":\"0.1\",\"lotSz\":\"1\",\"uly\":\"BTC-USD\"}]}");
        OkxConnector connector = context.connector("market = swap, symbols = [\"BTC/USD:BTC\", \"ETH/USD:ETH\"], channels = [book]");

        connector.start();

        assertEquals(List.of("https://www.okx.com/api/v5/public/instruments?instType=SWAP"), context.rest.urls());
        Instrument listed = connector.instruments().get(0);
        assertEquals("0.1", listed.tickSize().toString());
        assertEquals("1", listed.lotSize().toString());
        assertEquals("BTC/USD:BTC", listed.symbol());
        List<SourceStatus> info = context.statuses(SourceStatus.Kind.INFO);
        assertTrue(info.stream().anyMatch(status -> status.reason().contains("does not list ETH-USD-SWAP")), info.toString());
        assertEquals(1, context.webSockets.connections().size(), "connects once the definitions are in");
    }

    @Test
    void everyFillMissedOnTradesAllIsFetchedFromHistoryTradesInOrder()
    {
        context.rest.answer("/api/v5/market/history-trades", "{\"code\":\"0\",\"msg\":\"\",\"data\":[" + String.format(TRADE, 103) + "," + String.format(TRADE, 102) + "]}");
        context.connector("symbols = [BTC/USDT], channels = [trades], trade-channel = trades-all, load-instruments = false").start();
        FakeWebSockets.FakeConnection business = context.webSockets.last();
        assertEquals("wss://ws.okx.com:8443/ws/v5/business", business.url());

        for (long id : new long[] {100, 101, 104}) {
            business.push("{\"arg\":{\"channel\":\"trades-all\",\"instId\":\"BTC-USDT\"},\"data\":[" + String.format(TRADE, id) + "]}");
        }

        assertEquals(List.of("https://www.okx.com/api/v5/market/history-trades?instId=BTC-USDT&type=1&after=104&limit=2"), context.rest.urls());
        List<Trade> trades = context.events(Trade.class);
        assertEquals(List.of("100", "101", "102", "103", "104"), trades.stream().map(Trade::tradeId).collect(Collectors.toList()));
        assertEquals(List.of(false, false, true, true, false), trades.stream().map(Trade::backfilled).collect(Collectors.toList()));
    }

    @Test
    void anAnswerWithAnErrorCodeFailsNamingIt()
    {
        context.rest.answer("/api/v5/public/instruments", FakeRest.ok("{\"code\":\"51001\",\"msg\":\"Instrument ID does not exist\",\"data\":[]}"));
        context.connector("symbols = [BTC/USDT], channels = [book]").start();

        List<SourceStatus> info = context.statuses(SourceStatus.Kind.INFO);
        assertTrue(info.stream().anyMatch(status -> status.reason().contains("51001")), info.toString());
        assertEquals(1, context.webSockets.connections().size(), "connects with what the ids tell");
    }
}
