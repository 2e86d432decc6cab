package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static io.marketpipe.launcher.CommandResult.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Events a store or the output could not take are counted in the replay summary, and the exit
 * status says data was lost.
 */
class ReplayLossesTest
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CAPTURE = "binance/usdm-4symbols-20210722.jsonl.gz";

    @TempDir
    Path temp;

    @Test
    void aStoreThatNeverGetsTheLockLosesRowsAndTheReplaySaysSo()
            throws Exception
    {
        Path capture = Captures.require(CAPTURE);
        Path database = temp.resolve("held.db");
        Path config = Files.writeString(temp.resolve("store.conf"), "marketpipe { shutdown.timeout = 1s\n"
                + "stores = [{ type = sqlite, path = \"" + database + "\", busy-timeout = 10ms, close-timeout = 1s }] }\n");
        CommandResult first = run("replay", capture.toString(), "--config", config.toString());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, summary(first).get("store_lost").asLong());
        long stored = trades(database);
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + database); Statement statement = other.createStatement()) {
            statement.execute("DELETE FROM trades");
            // another writer holds the write lock; readers, and so the store's open, go on
            statement.execute("BEGIN IMMEDIATE");

            CommandResult held = run("replay", capture.toString(), "--config", config.toString());

            assertEquals(3, held.code(), held.err());
            JsonNode summary = summary(held);
            assertTrue(summary.get("store_lost").asLong() >= stored, summary.toString());
            assertTrue(summary.get("data_lost").asBoolean());
            assertTrue(held.err().contains("event(s) not stored"), held.err());
            statement.execute("ROLLBACK");
        }
        assertEquals(0, trades(database));
    }

    @Test
    void anOutputThatCannotBeWrittenLosesEventsAndTheReplaySaysSo()
            throws IOException
    {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full), "needs /dev/full");
        CommandResult result = run("replay", Captures.require(CAPTURE).toString(), "--emit", "jsonl", "--out", full.toString());

        assertEquals(3, result.code(), result.err());
        JsonNode summary = summary(result);
        assertTrue(summary.get("listener_errors").asLong() > 0, summary.toString());
        assertTrue(result.err().contains("event(s) not emitted"), result.err());
    }

    private static long trades(Path database)
            throws Exception
    {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM trades")) {
            result.next();
            return result.getLong(1);
        }
    }

    static JsonNode summary(CommandResult result)
            throws IOException
    {
        String line = result.err().lines().filter(text -> text.startsWith("{\"frames\"")).reduce((a, b) -> b)
                .orElseThrow(() -> new AssertionError("no summary in " + result.err()));
        return JSON.readTree(line);
    }
}
