package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay at recorded pace is stopped with TERM, as a service manager or Ctrl-C would: it drains
 * what it replayed into its output and its store, which agree, prints its summary and closes a
 * readable gzip output.
 */
class ReplaySignalTest
{
    @TempDir
    Path temp;

    @Test
    void termStopsAReplayGracefully()
            throws Exception
    {
        Path capture = Captures.require("binance/spot-btcusdt-20240808.jsonl.gz");
        Path database = temp.resolve("replayed.db");
        Path config = Files.writeString(temp.resolve("store.conf"), "marketpipe.stores = [{ type = sqlite, path = \"" + database + "\", flush-interval = 100ms }]\n");
        Path out = temp.resolve("events.jsonl.gz");
        ChildJvm replay = ChildJvm.start(temp, Map.of("org.sqlite.tmpdir", temp.toString(), "marketpipe.home", temp.toString()), MarketPipeCommand.class,
                "replay", capture.toString(), "--speed", "1x", "--config", config.toString(), "--emit", "jsonl", "--out", out.toString());
        Process child = replay.process();
        try {
            Await.until("the replay stored its first trades", Duration.ofSeconds(60),
                    () -> !child.isAlive() || trades(database) > 0,
                    () -> "stderr: " + replay.stderr());
            assertTrue(child.isAlive(), () -> "the replay ended by itself: " + replay.stderr());
            child.destroy();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the replay did not stop");
        }
        finally {
            child.destroyForcibly();
        }

        String stderr = replay.stderr();
        assertEquals(130, child.exitValue(), stderr);
        JsonNode summary = ReplayLossesTest.summary(new CommandResult(child.exitValue(), "", stderr));
        assertTrue(summary.get("stopped").asBoolean(), summary.toString());
        long emitted;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(out))) {
            emitted = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(line -> line.startsWith("{\"type\":\"trade\"")).count();
        }
        assertEquals(summary.get("events").get("trade").asLong(), emitted, stderr);
        assertEquals(emitted, trades(database));
        assertTrue(emitted < 19_904, "stopped before the end of the capture");
    }

    private static long trades(Path database)
    {
        if (!Files.exists(database)) {
            return 0;
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT count(*) FROM trades")) {
            return result.next() ? result.getLong(1) : 0;
        }
        catch (java.sql.SQLException notYetCreated) {
            return 0;
        }
    }
}
