package io.marketpipe.store.sqlite;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.core.PipelineParts;
import io.marketpipe.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.connect;
import static io.marketpipe.store.sqlite.TestStores.count;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Another connection holds the database's write lock for longer than the writer's busy timeout and
 * several retries: the writer keeps its rows and commits them once the lock is released.
 */
class LockedDatabaseTest
{
    @TempDir
    Path temp;

    @Test
    void rowsWaitForAnotherWriterToReleaseTheLockAndNoneIsLost()
            throws Exception
    {
        Path file = temp.resolve("locked.db");
        MetricRegistry registry = new MetricRegistry();
        SqliteStore store = SqliteStore.open(TestStores.config(file, "busy-timeout = 10ms, batch-size = 400, flush-interval = 10ms"), "test", PipelineParts.metrics(registry, ""));
        try (Connection other = connect(file); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            store.write(trades(SPOT, 1, 5_000));
            // well past the attempts after which the writer used to give a batch up
            Await.until("the writer failed four times on the lock", Duration.ofSeconds(60),
                    () -> registry.counter("write-failures").getCount() >= 4,
                    () -> registry.counter("write-failures").getCount() + " failures");
            statement.execute("COMMIT");
        }
        store.flush();
        store.close();

        assertEquals(0, registry.counter("lost").getCount());
        assertEquals(5_000, count(file, "SELECT count(*) FROM trades"));
    }

    @Test
    void rowsStillWaitingWhenTheWriterIsStoppedByForceAreCountedAsLost()
            throws Exception
    {
        Path file = temp.resolve("locked.db");
        MetricRegistry registry = new MetricRegistry();
        SqliteStoreConfig config = TestStores.config(file, "busy-timeout = 10ms, batch-size = 400, flush-interval = 10ms");
        SqliteStore store = SqliteStore.open(config, "test", PipelineParts.metrics(registry, ""));
        try (Connection other = connect(file); Statement statement = other.createStatement()) {
            statement.execute("BEGIN EXCLUSIVE");
            store.write(trades(SPOT, 1, 1_000));
            Await.until("the writer failed on the lock", Duration.ofSeconds(60),
                    () -> registry.counter("write-failures").getCount() >= 1,
                    () -> registry.counter("write-failures").getCount() + " failures");
            store.close(1);
            statement.execute("COMMIT");
        }

        assertTrue(registry.counter("lost").getCount() > 0);
        assertEquals(1_000, registry.counter("lost").getCount() + count(file, "SELECT count(*) FROM trades"));
    }
}
