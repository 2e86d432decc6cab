package io.marketpipe.store.sqlite;

import io.marketpipe.api.config.ConfigurationException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqliteStoreConfigTest
{
    private static final Path DB = Path.of("/var/lib/marketpipe/test.db");

    @Test
    void defaultsStoreEveryTableWithoutRetention()
    {
        SqliteStoreConfig config = TestStores.config(DB, "");
        assertEquals(EnumSet.allOf(Table.class), config.tables());
        assertEquals("NORMAL", config.synchronous());
        assertEquals(Duration.ofSeconds(1), config.quoteSample());
        assertTrue(config.retention().values().stream().noneMatch(SqliteStoreConfig.Retention::limited));
    }

    @Test
    void aRelativePathResolvesAgainstTheDataDirectory()
    {
        SqliteStoreConfig config = SqliteStoreConfig.from(TestStores.pluginConfig(Path.of("data/marketpipe.db"), ""), Path.of("/srv/collector"));
        assertEquals(Path.of("/srv/collector/data/marketpipe.db"), config.path());
    }

    @Test
    void retentionLimitsAreReadPerTable()
    {
        SqliteStoreConfig config = TestStores.config(DB, "retention { trades { max-age = 7d, max-rows = 1000 }, status.max-age = 1h }");
        assertEquals(new SqliteStoreConfig.Retention(Duration.ofDays(7), 1000), config.retention().get(Table.TRADES));
        assertEquals(new SqliteStoreConfig.Retention(Duration.ofHours(1), 0), config.retention().get(Table.STATUS));
        assertEquals(SqliteStoreConfig.Retention.NONE, config.retention().get(Table.QUOTES));
    }

    @Test
    void invalidValuesNameTheirPath()
    {
        assertPath("marketpipe.stores[0].batchsize", "batchsize = 10", "did you mean batch-size");
        assertPath("marketpipe.stores[0].retention.trades.max-agee", "retention.trades.max-agee = 1d", "did you mean max-age");
        assertPath("marketpipe.stores[0].tables", "tables = [trades, candle]", "unknown table \"candle\"");
        assertPath("marketpipe.stores[0].synchronous", "synchronous = off", "expected normal or full");
        assertPath("marketpipe.stores[0].retention.quotes.max-rows", "retention.quotes.max-rows = -1", "must not be negative");
        assertPath("marketpipe.stores[0].flush-interval", "flush-interval = 0s", "must be positive");
        assertPath("marketpipe.stores[0].books.depth", "books.depth = 0", "at least 1");
    }

    private static void assertPath(String path, String hocon, String message)
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TestStores.config(DB, hocon));
        assertEquals(path, e.path());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
