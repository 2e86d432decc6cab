package io.marketpipe.yahoo;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.testkit.fakes.TestConnectorContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.marketpipe.yahoo.ChartBodies.chart;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class YahooConnectorTest
{
    private static final long T0 = 1_699_972_200L;

    private final TestConnectorContext context = new TestConnectorContext("yahoo-test");

    private YahooConnector connector(String hocon)
    {
        return new YahooConnector(YahooConfig.from(TestConnectorContext.config("yahoo", hocon)), context);
    }

    private void pollEach(int targets)
    {
        for (int i = 0; i < targets; i++) {
            context.scheduler.runNext();
        }
    }

    private static RestResponse ok(String body)
    {
        return new RestResponse(200, Map.of(), body, System.currentTimeMillis() * 1_000_000L);
    }

    private static RestResponse status(int status, String body)
    {
        return new RestResponse(status, Map.of(), body, System.currentTimeMillis() * 1_000_000L);
    }

    @Test
    void configuredSymbolsAndAliasesBecomeYahooSymbolsPolledPerInterval()
    {
        YahooConnector connector = connector("symbols = [AAPL, NAS100, \"EUR/USD\", \"GC=F\", \"BTC/USD\"], aliases { NAS100 = \"^NDX\" }, "
                + "candle-intervals = [1m, 1d], rest-url = \"http://127.0.0.1:1\"");
        connector.start();
        pollEach(10);
        List<String> urls = context.rest.urls();
        assertEquals(10, urls.size(), urls.toString());
        for (String path : List.of("/v8/finance/chart/AAPL?interval=1m", "/v8/finance/chart/%5ENDX?interval=1d", "/v8/finance/chart/EURUSD%3DX?interval=1m",
                "/v8/finance/chart/GC%3DF?interval=1d", "/v8/finance/chart/BTC-USD?interval=1m")) {
            assertTrue(urls.stream().anyMatch(url -> url.startsWith("http://127.0.0.1:1" + path)), path + " in " + urls);
        }
        assertTrue(urls.stream().filter(url -> url.contains("interval=1m")).allMatch(url -> url.contains("&range=1d")));
        assertTrue(urls.stream().filter(url -> url.contains("interval=1d")).allMatch(url -> url.contains("&range=5d")));
        assertTrue(context.rest.requests().stream().allMatch(request -> request.headers().get("User-Agent").startsWith("Mozilla/5.0")), "a browser-like User-Agent");
        Map<String, Instrument> instruments = connector.instruments().stream().collect(Collectors.toMap(Instrument::nativeSymbol, instrument -> instrument));
        assertEquals(MarketKind.INDEX, instruments.get("^NDX").kind());
        assertEquals(MarketKind.FX, instruments.get("EURUSD=X").kind());
        assertEquals("EUR", instruments.get("EURUSD=X").base());
        assertEquals(MarketKind.FUTURE, instruments.get("GC=F").kind());
        assertEquals("BTC/USD", instruments.get("BTC-USD").symbol());
        assertEquals(MarketKind.EQUITY, instruments.get("AAPL").kind());
    }

    @Test
    void badSettingsNameTheirPath()
    {
        ConfigurationException interval = assertThrows(ConfigurationException.class, () -> connector("symbols = [AAPL], candle-intervals = [7m]"));
        assertTrue(interval.getMessage().contains("candle-intervals"), interval.getMessage());
        ConfigurationException channel = assertThrows(ConfigurationException.class, () -> connector("symbols = [AAPL], channels = [book]"));
        assertTrue(channel.getMessage().contains("channels[0]"), channel.getMessage());
    }

    @Test
    void nullAndPreMarketBarsAreLeftOutAndPricesAreExact()
    {
        String body = chart("AAPL", "1m")
                .tradingPeriods("{\"pre\":[[{\"start\":" + (T0 - 3600) + ",\"end\":" + T0 + "}]],\"regular\":[[{\"start\":" + T0 + ",\"end\":" + (T0 + 23400) + "}]],\"post\":[[]]}")
                .bar(T0 - 60, "189.1", "189.2", "189.0", "189.1", "1200")
                .bar(T0, "189.8699951171875", "190.25", "189.5", "190.0", "345678")
                .bar(T0 + 60, "null", "null", "null", "null", "null")
                .bar(T0 + 120, "190.0", "190.5", "189.98999786376953", "190.30000305175781", "2000")
                .json();
        context.rest.answer("/chart/AAPL", ok(body));
        connector("symbols = [AAPL], include-pre-post = false").start();
        pollEach(1);
        List<Candle> candles = context.events(Candle.class);
        assertEquals(List.of(T0 * 1000, (T0 + 120) * 1000), candles.stream().map(Candle::openTimeMillis).toList());
        assertEquals(Decimal.parse("189.8699951171875"), candles.get(0).open());
        assertEquals(Decimal.parse("189.98999786376953"), candles.get(1).low());
        assertEquals(Decimal.parse("345678"), candles.get(0).volume());
        assertEquals(CandleInterval.parse("1m"), candles.get(0).interval());
        assertTrue(candles.get(0).closed());
        assertEquals(1, context.metrics.count("chart.null-bars"));
        assertEquals(1, context.metrics.count("chart.outside-session"));
        Ticker ticker = context.events(Ticker.class).get(0);
        assertEquals(Decimal.parse("189.5"), ticker.last());
        assertEquals(Decimal.parse("190.25"), ticker.high());
        assertEquals(Decimal.parse("45123456"), ticker.volume());
        assertEquals("USD", candles.get(0).instrument().quote(), "the currency of the response");
    }

    @Test
    void aResponseWithoutBarsPublishesTheQuoteOnly()
    {
        context.rest.answer("/chart/AAPL", ok(chart("AAPL", "1m").json()));
        connector("symbols = [AAPL]").start();
        pollEach(1);
        assertEquals(List.of(), context.events(Candle.class));
        assertEquals(1, context.events(Ticker.class).size());
        assertEquals(List.of(), context.statuses(SourceStatus.Kind.DECODE_ERROR));
    }

    @Test
    void errorBodiesGiveAStatusNamingTheSymbolAndTheOtherSymbolsGoOn()
    {
        context.rest.answer("/chart/NOSUCH", status(404, ChartBodies.error("Not Found", "No data found, symbol may be delisted")));
        context.rest.answer("/chart/MSFT", status(400, ChartBodies.error("Bad Request", "Invalid input - interval=1m is not supported")));
        context.rest.answer("/chart/AAPL", ok(chart("AAPL", "1m").bar(T0, "1.5", "1.5", "1.5", "1.5", "10").json()));
        connector("symbols = [NOSUCH, MSFT, AAPL]").start();
        pollEach(3);
        List<String> reasons = context.statuses(SourceStatus.Kind.INFO).stream().map(SourceStatus::reason).toList();
        assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("NOSUCH:") && reason.contains("404") && reason.contains("No data found, symbol may be delisted")), reasons.toString());
        assertTrue(reasons.stream().anyMatch(reason -> reason.startsWith("MSFT:") && reason.contains("400") && reason.contains("Invalid input - interval=1m is not supported")), reasons.toString());
        assertEquals(2, context.metrics.count("chart.errors"));
        assertEquals(1, context.events(Candle.class).size(), "AAPL goes on");
        assertEquals("AAPL", context.events(Candle.class).get(0).instrument().nativeSymbol());
    }

    @Test
    void aSecondPollPublishesOnlyWhatIsNew()
    {
        ChartBodies first = chart("AAPL", "1m").bar(T0, "1.5", "1.6", "1.4", "1.5", "10").bar(T0 + 60, "1.5", "1.7", "1.5", "1.6", "20");
        String same = first.json();
        String more = first.bar(T0 + 120, "1.6", "1.6", "1.6", "1.6", "5").quote("1.6", 1_700_000_100L).json();
        context.rest.answer("/chart/AAPL", ok(same), ok(same), ok(more));
        connector("symbols = [AAPL]").start();
        pollEach(3);
        assertEquals(List.of(T0 * 1000, (T0 + 60) * 1000, (T0 + 120) * 1000), context.events(Candle.class).stream().map(Candle::openTimeMillis).toList());
        assertEquals(2, context.events(Ticker.class).size(), "an unchanged quote is not published again");
    }

    @Test
    void dividendsAndSplitsAreEventsAtTheirDatePublishedOnce()
    {
        String body = chart("AAPL", "1d").bar(T0, "1.5", "1.5", "1.5", "1.5", "10")
                .events("{\"dividends\":{\"1604673000\":{\"amount\":0.205,\"date\":1604673000}},\"splits\":{\"1598880600\":{\"date\":1598880600,\"numerator\":4,\"denominator\":1,\"splitRatio\":\"4:1\"}}}")
                .json();
        context.rest.answer("/chart/AAPL", ok(body));
        connector("symbols = [AAPL], candle-intervals = [1d]").start();
        pollEach(2);
        List<Dividend> dividends = context.events(Dividend.class);
        assertEquals(1, dividends.size());
        assertEquals(Decimal.parse("0.205"), dividends.get(0).amount());
        assertEquals(1604673000_000L, dividends.get(0).timestampMillis());
        assertEquals("USD", dividends.get(0).currency());
        List<Split> splits = context.events(Split.class);
        assertEquals(1, splits.size());
        assertEquals(Decimal.parse("4"), splits.get(0).numerator());
        assertEquals(Decimal.ONE, splits.get(0).denominator());
        assertEquals(1598880600_000L, splits.get(0).timestampMillis());
    }

    @Test
    void theMarketClosingAndOpeningAreReported()
    {
        long now = System.currentTimeMillis() / 1000;
        ChartBodies closed = chart("AAPL", "1m").session(now - 20 * 3600, now - 14 * 3600);
        ChartBodies open = chart("AAPL", "1m").session(now - 3600, now + 3600);
        context.rest.answer("/chart/AAPL", ok(closed.json()), ok(closed.json()), ok(open.json()));
        connector("symbols = [AAPL]").start();
        pollEach(3);
        assertEquals(1, context.statuses(SourceStatus.Kind.MARKET_CLOSED).size());
        assertEquals(1, context.statuses(SourceStatus.Kind.MARKET_OPEN).size());
        assertEquals("AAPL", context.statuses(SourceStatus.Kind.MARKET_CLOSED).get(0).instrument().nativeSymbol());
    }

    @Test
    void historyAsksForAPeriodAndReturnsTheLatestFinalCandles()
            throws Exception
    {
        ChartBodies days = chart("AAPL", "1d");
        for (int day = 0; day < 5; day++) {
            days.bar(T0 + day * 86_400L, "1." + day, "2", "1", "1.5", "100");
        }
        context.rest.answer("/chart/AAPL", ok(days.json()));
        YahooConnector connector = connector("symbols = [AAPL]");
        Instrument aapl = connector.instruments().get(0);
        long end = (T0 + 4 * 86_400L) * 1000;
        List<Candle> candles = connector.candleHistory().orElseThrow().candles(aapl, CandleInterval.parse("1d"), end, 3).get();
        assertEquals(List.of((T0 + 86_400L) * 1000, (T0 + 2 * 86_400L) * 1000, (T0 + 3 * 86_400L) * 1000), candles.stream().map(Candle::openTimeMillis).toList());
        String url = context.rest.urls().get(0);
        assertTrue(url.contains("interval=1d") && url.contains("&period1=" + (end / 1000 - 3 * 86_400L)) && url.contains("&period2=" + end / 1000), url);
    }
}
