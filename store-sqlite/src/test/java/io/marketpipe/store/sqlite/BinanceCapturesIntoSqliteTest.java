package io.marketpipe.store.sqlite;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.marketpipe.store.sqlite.TestStores.connect;
import static io.marketpipe.store.sqlite.TestStores.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every recorded Binance session into SQLite twice through the real runtime and the
 * Binance connector: the trades table holds each distinct trade of the capture once (counted
 * independently from the raw frames), the second replay adds no row to any table, and the
 * query capability returns every stored trade. The singles file holds unrelated messages, not a
 * session, and is not replayed.
 */
class BinanceCapturesIntoSqliteTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TABLES = List.of("instruments", "trades", "candles", "quotes", "tickers", "funding", "books", "source_status");

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> eachCaptureStoresEveryTradeOnceAfterTwoReplays()
    {
        List<Path> captures = Captures.sessions("binance");
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
            Path file = temp.resolve(capture.getFileName() + ".db");
            long distinctTrades = distinctTrades(capture);
            assertTrue(distinctTrades > 0, "the capture has trades");

            replay(capture, file);
            Map<String, Long> afterFirst = rowCounts(file);
            replay(capture, file);
            Map<String, Long> afterSecond = rowCounts(file);
            System.out.printf("stored %s twice: %s%n", capture.getFileName(), afterSecond);

            assertEquals(distinctTrades, afterSecond.get("trades"), "stored trades = distinct trade ids of the capture");
            assertEquals(afterFirst, afterSecond, "the second replay stores nothing new");
            assertEquals("ok", TestStores.text(file, "PRAGMA integrity_check"));
            assertEquals(distinctTrades, queriedTrades(file), "every stored trade is returned by queries");
        }));
    }

    private void replay(Path capture, Path file)
    {
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .replay(capture, "max")
                .config("marketpipe.stores = [{ type = sqlite, path = \"" + file + "\" }]")
                .build()) {
            pipe.start();
            pipe.replay();
        }
    }

    /**
     * Queries every stored instrument through a pipeline built like the launcher's {@code query}.
     */
    private long queriedTrades(Path file)
            throws IOException, SQLException
    {
        long total = 0;
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.stores = [{ type = sqlite, path = \"" + file + "\" }]")
                .build()) {
            StoreQueries queries = pipe.queries().orElseThrow();
            try (Connection connection = connect(file);
                    Statement statement = connection.createStatement();
                    ResultSet instruments = statement.executeQuery("SELECT venue, market, symbol FROM instruments")) {
                while (instruments.next()) {
                    StoreQuery query = new StoreQuery(instruments.getString(1), instruments.getString(2), instruments.getString(3), null, 0, Long.MAX_VALUE, Integer.MAX_VALUE);
                    total += queries.trades(query).size();
                }
            }
        }
        return total;
    }

    private static Map<String, Long> rowCounts(Path file)
            throws SQLException
    {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            counts.put(table, count(file, "SELECT count(*) FROM " + table));
        }
        return counts;
    }

    /**
     * Counts the distinct trades in the raw frames: {@code trade} events by {@code t},
     * {@code aggTrade} events by {@code a}, per symbol.
     */
    private static long distinctTrades(Path capture)
            throws IOException
    {
        Set<String> trades = new HashSet<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() != CaptureLine.Kind.RECV) {
                    continue;
                }
                JsonNode frame = JSON.readTree(line.data());
                JsonNode event = frame.has("data") ? frame.get("data") : frame;
                String type = event.path("e").asText();
                if (type.equals("trade")) {
                    trades.add(type + " " + event.path("s").asText() + " " + event.path("t").asText());
                }
                else if (type.equals("aggTrade")) {
                    trades.add(type + " " + event.path("s").asText() + " " + event.path("a").asText());
                }
            }
        }
        return trades.size();
    }
}
