package io.marketpipe.store.sqlite;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.store.StoreContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.connect;
import static io.marketpipe.store.sqlite.TestStores.count;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SchemaTest
{
    @TempDir
    Path temp;

    @Test
    void migratesAnEmptyFileToTheLatestVersion()
            throws SQLException
    {
        Path file = temp.resolve("empty.db");
        try (Connection connection = connect(file)) {
            assertEquals(0, Schema.migrate(connection, Schema.MIGRATIONS));
            assertEquals(Schema.latestVersion(Schema.MIGRATIONS), Schema.version(connection));
            assertEquals(Schema.latestVersion(Schema.MIGRATIONS), Schema.migrate(connection, Schema.MIGRATIONS), "a second run finds nothing to do");
        }
        assertEquals(Schema.MIGRATIONS.size(), count(file, "SELECT count(*) FROM schema_version"));
    }

    @Test
    void appliesOnlyTheMigrationsAnExistingDatabaseLacksAndKeepsItsRows()
            throws Exception
    {
        Path file = temp.resolve("v1.db");
        TestStores.writeAndClose(file, "", trades(SPOT, 1, 5));
        List<Schema.Migration> next = new ArrayList<>(Schema.MIGRATIONS);
        next.add(new Schema.Migration(Schema.latestVersion(Schema.MIGRATIONS) + 1, "trade notes", List.of("ALTER TABLE trades ADD COLUMN note TEXT")));
        try (Connection connection = connect(file)) {
            assertEquals(Schema.latestVersion(Schema.MIGRATIONS), Schema.migrate(connection, next));
            assertEquals(Schema.latestVersion(next), Schema.version(connection));
        }
        assertEquals(5, count(file, "SELECT count(*) FROM trades WHERE note IS NULL"));
        assertEquals(1, count(file, "SELECT count(*) FROM schema_version WHERE description = 'trade notes'"));
    }

    @Test
    void aFailedMigrationLeavesTheDatabaseAtItsPreviousVersion()
            throws SQLException
    {
        Path file = temp.resolve("failing.db");
        List<Schema.Migration> broken = new ArrayList<>(Schema.MIGRATIONS);
        broken.add(new Schema.Migration(Schema.latestVersion(Schema.MIGRATIONS) + 1, "broken", List.of("CREATE TABLE half (x)", "CREATE TABLE trades (x)")));
        try (Connection connection = connect(file)) {
            SQLException e = assertThrows(SQLException.class, () -> Schema.migrate(connection, broken));
            assertTrue(e.getMessage().contains("version " + Schema.latestVersion(broken)), e.getMessage());
            assertEquals(Schema.latestVersion(Schema.MIGRATIONS), Schema.version(connection));
        }
        assertEquals(0, count(file, "SELECT count(*) FROM sqlite_master WHERE name = 'half'"), "the failed step was rolled back as a whole");
    }

    @Test
    void aDatabaseFromANewerReleaseIsRefusedNamingThePathKey()
            throws Exception
    {
        Path file = temp.resolve("newer.db");
        TestStores.open(file, "").close();
        try (Connection connection = connect(file); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO schema_version (version, applied_at, description) VALUES (99, 0, 'from the future')");
        }
        StoreContext context = () -> "sqlite";
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new SqliteStoreFactory().create(TestStores.pluginConfig(file, ""), context));
        assertEquals("marketpipe.stores[0].path", e.path());
        assertTrue(e.getMessage().contains("schema version 99"), e.getMessage());
    }

    @Test
    void aFileThatIsNotADatabaseIsRefused()
            throws Exception
    {
        Path file = Files.writeString(temp.resolve("notes.txt"), "this is not a database, just some text that is long enough to have a header\n".repeat(20));
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new SqliteStoreFactory().create(TestStores.pluginConfig(file, ""), () -> "sqlite"));
        assertEquals("marketpipe.stores[0].path", e.path());
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
}
