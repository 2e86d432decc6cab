package io.marketpipe.store.sqlite;

import io.marketpipe.api.metrics.Metrics;

import java.nio.file.Path;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.trades;

/**
 * The child process of {@link KillDuringWritesTest}: writes trades with consecutive ids, as fast
 * as the store takes them, until it is killed.
 */
public final class EndlessWriter
{
    private EndlessWriter() {}

    /**
     * @param args the database file
     */
    public static void main(String[] args)
            throws Exception
    {
        SqliteStore store = SqliteStore.open(TestStores.config(Path.of(args[0]), "batch-size = 2000, flush-interval = 50ms"), "child", Metrics.NOOP);
        for (long id = 1; ; id += 1000) {
            store.write(trades(SPOT, id, id + 999));
        }
    }
}
