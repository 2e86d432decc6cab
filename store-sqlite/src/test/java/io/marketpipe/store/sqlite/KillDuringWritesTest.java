package io.marketpipe.store.sqlite;

import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.count;
import static io.marketpipe.store.sqlite.TestStores.text;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A writer in another JVM is killed (SIGKILL on Unix, no shutdown hooks) while it writes as fast
 * as it can. The database must pass SQLite's integrity check, hold exactly the trades of the
 * transactions committed before the kill (ids 1 to n, nothing missing in between), and take
 * further writes.
 */
class KillDuringWritesTest
{
    @TempDir
    Path temp;

    @Test
    void aHardKillMidWriteLeavesAConsistentDatabaseThatTakesFurtherWrites()
            throws Exception
    {
        Path file = temp.resolve("killed.db");
        // a killed JVM leaves its extracted native library behind: keep it in the test's directory
        ChildJvm writer = ChildJvm.start(temp, Map.of("org.sqlite.tmpdir", temp.toString()), EndlessWriter.class, file.toString());
        Process child = writer.process();
        try {
            Await.until("the child committed 50,000 trades", Duration.ofSeconds(60),
                    () -> !child.isAlive() || committed(file) >= 50_000,
                    () -> committed(file) + " committed; child's stderr: " + writer.stderr());
            assertTrue(child.isAlive(), () -> "the child stopped by itself: " + writer.stderr());
        }
        finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child did not die");
        }

        assertEquals("ok", text(file, "PRAGMA integrity_check"));
        long rows = count(file, "SELECT count(*) FROM trades");
        assertTrue(rows >= 50_000, "rows committed before the kill survive: " + rows);
        assertEquals(1, count(file, "SELECT min(CAST(trade_id AS INTEGER)) FROM trades"));
        assertEquals(rows, count(file, "SELECT max(CAST(trade_id AS INTEGER)) FROM trades"), "the committed trades are exactly ids 1 to n");

        TestStores.writeAndClose(file, "", trades(SPOT, rows - 99, rows + 1000));
        assertEquals("ok", text(file, "PRAGMA integrity_check"));
        assertEquals(rows + 1000, count(file, "SELECT count(*) FROM trades"));
        assertEquals(rows + 1000, count(file, "SELECT max(CAST(trade_id AS INTEGER)) FROM trades"));
    }

    private static long committed(Path file)
    {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            return count(file, "SELECT count(*) FROM trades");
        }
        catch (SQLException e) {
            // the child may not have created the schema yet
            return 0;
        }
    }
}
