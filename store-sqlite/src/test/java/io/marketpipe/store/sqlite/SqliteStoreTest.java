package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static io.marketpipe.store.sqlite.TestStores.MINUTE;
import static io.marketpipe.store.sqlite.TestStores.PERPETUAL;
import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.candle;
import static io.marketpipe.store.sqlite.TestStores.count;
import static io.marketpipe.store.sqlite.TestStores.text;
import static io.marketpipe.store.sqlite.TestStores.trade;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreTest
{
    @TempDir
    Path temp;

    @Test
    void createsTheSchemaInAnEmptyFileInWalMode()
            throws Exception
    {
        Path file = Files.createFile(temp.resolve("empty.db"));
        try (SqliteStore store = TestStores.open(file, "")) {
            store.flush();
        }

        assertEquals(Schema.latestVersion(Schema.MIGRATIONS), count(file, "SELECT max(version) FROM schema_version"));
        assertEquals(8, count(file, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
                + " ('instruments', 'trades', 'candles', 'quotes', 'tickers', 'funding', 'books', 'source_status')"));
        assertEquals("wal", text(file, "PRAGMA journal_mode"));
        assertEquals(2, count(file, "PRAGMA auto_vacuum"), "incremental auto-vacuum, set before the first table");
    }

    @Test
    void createsMissingDirectoriesAndContinuesIntoTheSameFileAfterARestart()
            throws Exception
    {
        Path file = temp.resolve("nested/dir/marketpipe.db");
        TestStores.writeAndClose(file, "", trades(SPOT, 1, 10));
        TestStores.writeAndClose(file, "", trades(SPOT, 11, 20));

        assertEquals(20, count(file, "SELECT count(*) FROM trades"));
        assertEquals(Schema.MIGRATIONS.size(), count(file, "SELECT count(*) FROM schema_version"), "each migration applied once");
        assertEquals(1, count(file, "SELECT count(*) FROM instruments"));
    }

    @Test
    void aTradeWrittenTwiceIsStoredOnceAlsoAcrossRestarts()
            throws Exception
    {
        Path file = temp.resolve("trades.db");
        TestStores.writeAndClose(file, "", trades(SPOT, 1, 50), trades(SPOT, 26, 75), trades(PERPETUAL, 1, 10));
        TestStores.writeAndClose(file, "", trades(SPOT, 1, 75));

        assertEquals(75, count(file, "SELECT count(*) FROM trades t JOIN instruments i ON i.id = t.instrument_id WHERE i.market = 'spot'"));
        assertEquals(10, count(file, "SELECT count(*) FROM trades t JOIN instruments i ON i.id = t.instrument_id WHERE i.market = 'usdm'"),
                "the same trade id on another instrument is another trade");
    }

    @Test
    void aCandleRevisionReplacesTheEarlierRowAndAnOlderVersionDoesNot()
            throws Exception
    {
        Path file = temp.resolve("candles.db");
        try (SqliteStore store = TestStores.open(file, "")) {
            store.write(List.of(
                    candle(SPOT, 60_000, "100", false, 0),
                    candle(SPOT, 60_000, "101", true, 0),
                    candle(SPOT, 60_000, "102", true, 1)));
            store.write(List.of(candle(SPOT, 60_000, "99", false, 0), candle(SPOT, 60_000, "101", true, 0)));
            Candle venue = new Candle(SPOT, 0, 60_000_000_000L, MINUTE, 60_000, Decimal.ONE, Decimal.ONE, Decimal.ONE, Decimal.parse("98"), Decimal.ONE, null, -1, null, null, null, CandleSource.VENUE, true, 0);
            store.write(List.of(venue));
            store.flush();

            List<Candle> candles = store.queries().orElseThrow().candles(new StoreQuery("binance", "BTC/USDT", MINUTE, 0, Long.MAX_VALUE, 10));
            assertEquals(2, candles.size(), "one built and one venue candle");
            Candle built = candles.stream().filter(candle -> candle.source() == CandleSource.BUILT).findFirst().orElseThrow();
            assertEquals("102", built.close().toString());
            assertEquals(1, built.revision());
            assertTrue(built.closed());
            Candle fromVenue = candles.stream().filter(candle -> candle.source() == CandleSource.VENUE).findFirst().orElseThrow();
            assertEquals("98", fromVenue.close().toString());
            assertEquals(-1, fromVenue.tradeCount());
        }
        assertEquals(2, count(file, "SELECT count(*) FROM candles"));
    }

    @Test
    void pricesAndSizesRoundTripAsTheExactDecimalText()
            throws Exception
    {
        Path file = temp.resolve("decimals.db");
        Trade trade = new Trade(SPOT, 1_000_000_000L, 1_000_000_001L, "7", Decimal.parse("61837.63000000"), Decimal.parse("0.00000001"), Side.SELL, true);
        Decimal huge = Decimal.parse("123456789012345678901234.567890123");
        FundingRate funding = new FundingRate(PERPETUAL, 2_000_000_000L, 2_000_000_001L, Decimal.parse("-0.00012345"), 28_800_000L, huge, Decimal.parse("1.5E-7"));
        try (SqliteStore store = TestStores.open(file, "")) {
            store.write(List.of(trade, funding));
            store.flush();
            StoreQueries queries = store.queries().orElseThrow();

            Trade read = queries.trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 10)).get(0);
            assertEquals("61837.63000000", read.price().toString());
            assertEquals("0.00000001", read.size().toString());
            assertEquals(trade, read);
            FundingRate rate = queries.funding(new StoreQuery("binance", "BTC/USDT:USDT", null, 0, Long.MAX_VALUE, 10)).get(0);
            assertEquals("-0.00012345", rate.rate().toString());
            assertEquals(huge.toString(), rate.markPrice().toString());
            assertEquals("0.00000015", rate.indexPrice().toString());
            assertEquals(funding, rate);
        }
        assertEquals("text", text(file, "SELECT typeof(price) FROM trades"));
        assertEquals("text", text(file, "SELECT typeof(mark_price) FROM funding"));
    }

    @Test
    void queriesSelectTheTimeRangeOldestFirstUpToTheLimit()
            throws Exception
    {
        Path file = temp.resolve("queries.db");
        try (SqliteStore store = TestStores.open(file, "")) {
            store.write(trades(SPOT, 1, 100));
            store.write(trades(PERPETUAL, 1, 100));
            List<MarketEvent> candles = new ArrayList<>();
            for (long minute = 0; minute < 30; minute++) {
                candles.add(candle(SPOT, minute * 60_000, Long.toString(100 + minute), true, 0));
            }
            store.write(candles);
            store.flush();
            StoreQueries queries = store.queries().orElseThrow();

            List<Trade> range = queries.trades(new StoreQuery("binance", "spot", "BTC/USDT", null, 10_000, 20_000, 1000));
            assertEquals(LongStream.range(10, 20).mapToObj(Long::toString).toList(), range.stream().map(Trade::tradeId).toList());
            List<Trade> limited = queries.trades(new StoreQuery("binance", "BTC/USDT", null, 10_000, 20_000, 3));
            assertEquals(List.of("10", "11", "12"), limited.stream().map(Trade::tradeId).toList());

            Instrument perpetual = queries.trades(new StoreQuery("binance", "BTC/USDT:USDT", null, 0, Long.MAX_VALUE, 1)).get(0).instrument();
            assertEquals(PERPETUAL, perpetual);
            assertEquals("BTC/USDT:USDT", perpetual.symbol());
            assertEquals(MarketKind.PERPETUAL, perpetual.kind());
            assertEquals("USDT", perpetual.settle());
            assertEquals("0.10", perpetual.tickSize().toString());

            assertEquals(200, queries.trades(new StoreQuery("binance", "BTCUSDT", null, 0, Long.MAX_VALUE, 1000)).size(), "a native symbol matches every market");
            assertEquals(100, queries.trades(new StoreQuery("binance", "usdm", "BTCUSDT", null, 0, Long.MAX_VALUE, 1000)).size());
            assertTrue(queries.trades(new StoreQuery("okx", "BTC/USDT", null, 0, Long.MAX_VALUE, 10)).isEmpty());

            List<Candle> window = queries.candles(new StoreQuery("binance", "BTC/USDT", MINUTE, 5 * 60_000, 10 * 60_000, 100));
            assertEquals(List.of(300_000L, 360_000L, 420_000L, 480_000L, 540_000L), window.stream().map(Candle::openTimeMillis).toList());
            assertEquals("105", window.get(0).close().toString());
            assertEquals(30, queries.candles(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 100)).size(), "no interval: every interval");
        }
    }

    @Test
    void quotesAndTickersAreSampledByEventTime()
            throws Exception
    {
        Path file = temp.resolve("sampled.db");
        List<MarketEvent> events = new ArrayList<>();
        for (long millis = 0; millis < 5000; millis += 100) {
            long nanos = (1_000_000 + millis) * 1_000_000;
            events.add(new Quote(SPOT, 0, nanos, millis, Decimal.parse("100.0"), Decimal.ONE, Decimal.parse("100.1"), Decimal.ONE));
            events.add(new Ticker(SPOT, nanos, nanos + 1, Decimal.parse("100.05"), null, null, null, null, null, null, null, Decimal.parse("12.5"), null));
        }
        TestStores.writeAndClose(file, "quotes.sample = 1s, tickers.sample = 500ms", events, events);
        assertEquals(5, count(file, "SELECT count(*) FROM quotes"), "one per second, once although written twice");
        assertEquals(10, count(file, "SELECT count(*) FROM tickers"));
        assertEquals("12.5", text(file, "SELECT volume FROM tickers LIMIT 1"));

        Path every = temp.resolve("every.db");
        TestStores.writeAndClose(every, "quotes.sample = 0s", events);
        assertEquals(50, count(every, "SELECT count(*) FROM quotes"));
    }

    @Test
    void booksAreStoredAtTheirCadenceWithTheTopLevelsAsJson()
            throws Exception
    {
        Path file = temp.resolve("books.db");
        List<PriceLevel> bids = List.of(PriceLevel.parse("100.50", "1.0"), PriceLevel.parse("100.40", "2"), PriceLevel.parse("100.30", "3"));
        List<PriceLevel> asks = List.of(PriceLevel.parse("100.60", "0.5"));
        List<MarketEvent> books = new ArrayList<>();
        for (long millis = 0; millis < 3000; millis += 250) {
            books.add(new BookDepth(SPOT, millis * 1_000_000, millis * 1_000_000 + 7, millis, bids, asks, millis == 0));
        }
        TestStores.writeAndClose(file, "books { interval = 1s, depth = 2 }", books);
        assertEquals(3, count(file, "SELECT count(*) FROM books"));
        assertEquals("[[\"100.50\",\"1.0\"],[\"100.40\",\"2\"]]", text(file, "SELECT bids FROM books ORDER BY ts LIMIT 1"));
        assertEquals("[[\"100.60\",\"0.5\"]]", text(file, "SELECT asks FROM books ORDER BY ts LIMIT 1"));
    }

    @Test
    void statusEventsAreStoredOnceWithOrWithoutAnInstrument()
            throws Exception
    {
        Path file = temp.resolve("status.db");
        List<MarketEvent> statuses = List.of(
                new SourceStatus("binance-spot", "binance", "spot", null, 0, 1_000, SourceStatus.Kind.CONNECTED, "connected to wss://..."),
                new SourceStatus("binance-spot", "binance", "spot", SPOT, 0, 2_000, SourceStatus.Kind.GAP, "update 12 does not follow 10"));
        TestStores.writeAndClose(file, "", statuses, statuses);
        assertEquals(2, count(file, "SELECT count(*) FROM source_status"));
        assertEquals(1, count(file, "SELECT count(*) FROM source_status WHERE instrument_id IS NULL"));
        assertEquals("update 12 does not follow 10", text(file, "SELECT reason FROM source_status WHERE kind = 'gap'"));
    }

    @Test
    void onlyTheConfiguredTablesAreWritten()
            throws Exception
    {
        Path file = temp.resolve("trades-only.db");
        TestStores.writeAndClose(file, "tables = [trades], open-candles = false", List.of(trade(SPOT, 1, 1000), candle(SPOT, 0, "1", true, 0)));
        assertEquals(1, count(file, "SELECT count(*) FROM trades"));
        assertEquals(0, count(file, "SELECT count(*) FROM candles"));

        Path closedOnly = temp.resolve("closed-only.db");
        TestStores.writeAndClose(closedOnly, "open-candles = false", List.of(candle(SPOT, 0, "1", true, 0), candle(SPOT, 60_000, "2", false, 0)));
        assertEquals(1, count(closedOnly, "SELECT count(*) FROM candles"));
    }

    @Test
    void retentionDeletesRowsPastTheirAgeOrBeyondTheNewestPerInstrument()
            throws Exception
    {
        Path file = temp.resolve("retention.db");
        long now = 10_000_000;
        String limits = "retention { trades { max-rows = 10 }, candles { max-age = 1h }, status { max-age = 30m } }";
        try (SqliteStore store = TestStores.open(file, limits, () -> now)) {
            store.write(trades(SPOT, 1, 25));
            store.write(trades(PERPETUAL, 1, 15));
            store.write(List.of(
                    candle(SPOT, now - 2 * 3_600_000, "1", true, 0),
                    candle(SPOT, now - 60_000, "2", true, 0),
                    new SourceStatus("s", "binance", "spot", null, 0, (now - 3_600_000) * 1_000_000, SourceStatus.Kind.CONNECTED, "old"),
                    new SourceStatus("s", "binance", "spot", null, 0, (now - 60_000) * 1_000_000, SourceStatus.Kind.CONNECTED, "new")));

            assertEquals(15 + 5 + 1 + 1, store.applyRetention());
            assertEquals(0, store.applyRetention(), "nothing left beyond the limits");
        }
        assertEquals(List.of(16L, 25L), List.of(
                count(file, "SELECT min(CAST(trade_id AS INTEGER)) FROM trades t JOIN instruments i ON i.id = t.instrument_id WHERE i.market = 'spot'"),
                count(file, "SELECT max(CAST(trade_id AS INTEGER)) FROM trades t JOIN instruments i ON i.id = t.instrument_id WHERE i.market = 'spot'")));
        assertEquals(10, count(file, "SELECT count(*) FROM trades t JOIN instruments i ON i.id = t.instrument_id WHERE i.market = 'usdm'"));
        assertEquals(now - 60_000, count(file, "SELECT open_time FROM candles"));
        assertEquals("new", text(file, "SELECT reason FROM source_status"));
    }

    @Test
    void rowsAreCommittedWithinTheFlushIntervalWithoutAFlush()
            throws Exception
    {
        Path file = temp.resolve("interval.db");
        try (SqliteStore store = TestStores.open(file, "flush-interval = 50ms, batch-size = 100000")) {
            store.write(trades(SPOT, 1, 10));
            Await.until("the writer committed 10 trades by itself", () -> countQuietly(file) == 10, () -> countQuietly(file) + " trades committed");
        }
    }

    @Test
    void theQueryCapabilityAnswersWhileTheWriterCommits()
            throws Exception
    {
        Path file = temp.resolve("concurrent.db");
        try (SqliteStore store = TestStores.open(file, "batch-size = 100")) {
            store.write(trades(SPOT, 1, 1000));
            store.flush();
            store.write(trades(SPOT, 1001, 20_000));
            List<Trade> first = store.queries().orElseThrow().trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 1000));
            assertEquals("1", first.get(0).tradeId());
            assertEquals(1000, first.size());
            store.flush();
            assertEquals(20_000, store.queries().orElseThrow().trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 100_000)).size());
        }
    }

    @Test
    void dividendsAndSplitsAreStoredOncePerDateAndQueryable()
            throws Exception
    {
        Instrument aapl = Instrument.builder("yahoo", "equity", "AAPL").kind(MarketKind.EQUITY).quote("USD").build();
        long date = 1_604_673_000_000L;
        Path file = temp.resolve("actions.db");
        try (SqliteStore store = TestStores.open(file, "")) {
            store.write(List.<MarketEvent>of(
                    new Dividend(aapl, date * 1_000_000, 1, Decimal.parse("0.205"), "USD"),
                    new Split(aapl, 1_598_880_600_000L * 1_000_000, 1, Decimal.parse("4"), Decimal.ONE)));
            store.write(List.<MarketEvent>of(new Dividend(aapl, date * 1_000_000, 2, Decimal.parse("0.2050"), null)));
            store.flush();
            StoreQueries queries = store.queries().orElseThrow();
            List<Dividend> dividends = queries.dividends(new StoreQuery("yahoo", "AAPL", null, 0, Long.MAX_VALUE, 10));
            assertEquals(1, dividends.size(), "one dividend per date");
            assertEquals("0.2050", dividends.get(0).amount().toString(), "the later one, as written");
            assertEquals("USD", dividends.get(0).currency(), "a currency is kept when the correction names none");
            assertEquals(date, dividends.get(0).timestampMillis());
            List<Split> splits = queries.splits(new StoreQuery("yahoo", "AAPL", null, 0, Long.MAX_VALUE, 10));
            assertEquals(List.of(Decimal.parse("4")), splits.stream().map(Split::numerator).toList());
            assertEquals(Decimal.ONE, splits.get(0).denominator());
        }
    }

    @Test
    void aClosedStoreRefusesWrites()
            throws IOException
    {
        SqliteStore store = TestStores.open(temp.resolve("closed.db"), "");
        store.close();
        IOException e = assertThrows(IOException.class, () -> store.write(trades(SPOT, 1, 1)));
        assertTrue(e.getMessage().contains("stopped"), e.getMessage());
    }

    private static long countQuietly(Path file)
    {
        try {
            return count(file, "SELECT count(*) FROM trades");
        }
        catch (SQLException e) {
            return -1;
        }
    }
}
