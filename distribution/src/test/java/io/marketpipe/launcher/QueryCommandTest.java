package io.marketpipe.launcher;

import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import static io.marketpipe.launcher.CommandResult.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueryCommandTest
{
    @TempDir
    Path temp;

    @Test
    void queryPrintsTheTradesAReplayStoredAsTheSameJsonLines()
            throws IOException
    {
        Path capture = Captures.require("binance/spot-btcusdt-20240808.jsonl.gz");
        Path config = Files.writeString(temp.resolve("store.conf"), "marketpipe.stores = [{ type = sqlite, path = \"" + temp.resolve("replayed.db") + "\" }]\n");
        Path emitted = temp.resolve("events.jsonl");
        CommandResult replay = run("replay", capture.toString(), "--config", config.toString(), "--emit", "jsonl", "--out", emitted.toString());
        assertEquals(0, replay.code(), replay.err());

        CommandResult query = run("query", "trades", "--exchange", "binance", "--symbol", "BTC/USDT", "--limit", "100000", "--format", "jsonl", "--config", config.toString());
        assertEquals(0, query.code(), query.err());
        List<String> replayedTrades = Files.readAllLines(emitted).stream().filter(line -> line.startsWith("{\"type\":\"trade\"")).toList();
        assertEquals(19_904, replayedTrades.size());
        assertEquals(replayedTrades, query.out().lines().toList());
    }

    @Test
    void csvAndTableSelectTheRangeOldestFirstUpToTheLimit()
            throws IOException
    {
        Path config = replayIntoSqlite("binance/spot-btcusdt-20240808.jsonl.gz", temp.resolve("replayed.db"));

        CommandResult csv = run("query", "trades", "-e", "binance", "-s", "BTC/USDT", "--market", "spot", "--from", "2024-08-09T00:00:00Z", "--limit", "3", "--format", "csv", "-c", config.toString());
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("time,exchange,market,symbol,id,side,price,size", lines.get(0));
        assertEquals(4, lines.size(), csv.out());
        assertTrue(lines.get(1).startsWith("2024-08-09T00:00:00.") || lines.get(1).startsWith("2024-08-09T00:00:01."), lines.get(1));
        assertTrue(lines.get(1).contains(",binance,spot,BTC/USDT,"), lines.get(1));
        assertTrue(csv.err().contains("showing the first 3 trades of the range (--limit); more follow: continue with --from 2024-08-09T00:00:"), csv.err());

        CommandResult lowerCase = run("query", "trades", "-e", "binance", "-s", "btc/usdt", "--market", "spot", "--from", "2024-08-09T00:00:00Z", "--limit", "3", "--format", "csv", "-c", config.toString());
        assertEquals(csv.out(), lowerCase.out(), "the symbol as the configuration accepts it");

        CommandResult all = run("query", "trades", "-e", "binance", "-s", "BTC/USDT", "--from", "2024-08-09T00:05:00Z", "--limit", "100000", "--format", "csv", "-c", config.toString());
        assertEquals(0, all.code(), all.err());
        assertFalse(all.err().contains("more follow"), all.err());

        CommandResult table = run("query", "candles", "-e", "binance", "-s", "BTCUSDT", "-i", "1m", "--to", "2024-08-09", "-c", config.toString());
        assertEquals(0, table.code(), table.err());
        List<String> rows = table.out().lines().toList();
        assertTrue(rows.get(0).startsWith("start "), rows.get(0));
        assertTrue(rows.size() > 1, table.out());
        assertTrue(rows.stream().skip(1).allMatch(row -> row.startsWith("2024-08-08T23:")), table.out());
    }

    @Test
    void withoutConfiguredStoresQueryReadsTheDefaultDatabase()
            throws IOException
    {
        Path stored = replayIntoSqlite("binance/usdm-4symbols-20210722.jsonl.gz", temp.resolve("data/marketpipe.db"));
        Path config = Files.writeString(temp.resolve("empty.conf"), "marketpipe.data-directory = \"" + temp + "\"\n");

        CommandResult result = run("query", "funding", "--exchange", "binance", "--symbol", "BTC/USDT:USDT", "--config", config.toString());

        assertEquals(0, result.code(), result.err());
        assertTrue(result.err().contains("no funding stored for binance BTC/USDT:USDT"), result.err());
    }

    @Test
    void aMissingDatabaseIsAnErrorAndNothingIsCreated()
            throws IOException
    {
        Path config = Files.writeString(temp.resolve("empty.conf"), "marketpipe.data-directory = \"" + temp.resolve("nowhere") + "\"\n");

        CommandResult result = run("query", "trades", "--exchange", "binance", "--symbol", "BTC/USDT", "--config", config.toString());

        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("no database at " + temp.resolve("nowhere/data/marketpipe.db")), result.err());
        assertFalse(Files.exists(temp.resolve("nowhere")));
    }

    @Test
    void queryReadsWhileAnotherProcessWrites()
            throws Exception
    {
        Path config = replayIntoSqlite("binance/usdm-4symbols-20210722.jsonl.gz", temp.resolve("replayed.db"));
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + temp.resolve("replayed.db")); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            statement.execute("DELETE FROM trades");

            CommandResult query = run("query", "trades", "--exchange", "binance", "--symbol", "SUSHIUSDT", "--market", "usdm", "--format", "csv", "--config", config.toString());

            assertEquals(0, query.code(), query.err());
            assertTrue(query.out().lines().count() > 1, "the trades committed before the other writer began: " + query.out());
            statement.execute("ROLLBACK");
        }
    }

    @Test
    void invalidArgumentsAreUsageErrors()
    {
        CommandResult interval = run("query", "trades", "--exchange", "binance", "--symbol", "BTC/USDT", "--interval", "1m");
        assertEquals(2, interval.code());
        assertTrue(interval.err().contains("--interval applies to candles only"), interval.err());
        CommandResult time = run("query", "trades", "--exchange", "binance", "--symbol", "BTC/USDT", "--from", "yesterday");
        assertEquals(2, time.code());
        assertTrue(time.err().contains("not a time: 'yesterday'"), time.err());
        CommandResult range = run("query", "candles", "--exchange", "binance", "--symbol", "BTC/USDT", "--from", "2024-08-09", "--to", "2024-08-08");
        assertEquals(2, range.code());
        assertTrue(range.err().contains("is before --from"), range.err());
    }

    @Test
    void timesAreInstantsDatesOrEpochMillis()
    {
        TimeConverter converter = new TimeConverter();
        assertEquals(1_723_161_253_000L, converter.convert("2024-08-08T23:54:13Z"));
        assertEquals(1_723_161_253_000L, converter.convert("2024-08-09T01:54:13+02:00"));
        assertEquals(1_723_161_253_000L, converter.convert("2024-08-08T23:54:13"));
        assertEquals(1_723_075_200_000L, converter.convert("2024-08-08"));
        assertEquals(1_723_161_253_123L, converter.convert("1723161253123"));
    }

    /**
     * Replays the capture into a SQLite store at the database path.
     *
     * @return the config file that names the store
     */
    private Path replayIntoSqlite(String capture, Path database)
            throws IOException
    {
        Path config = Files.writeString(temp.resolve("store.conf"), "marketpipe.stores = [{ type = sqlite, path = \"" + database + "\" }]\n");
        CommandResult replay = run("replay", Captures.require(capture).toString(), "--config", config.toString());
        assertEquals(0, replay.code(), replay.err());
        return config;
    }
}
