package io.marketpipe.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens connections to the database file through the driver directly, not through
 * {@link java.sql.DriverManager}, whose registry does not see drivers of an isolated plugin class
 * loader reliably.
 */
final class SqliteConnections
{
    private static final Logger log = LoggerFactory.getLogger(SqliteConnections.class);

    private SqliteConnections() {}

    /**
     * Closes what an open that failed had opened so far, if anything; the open's failure is the
     * one worth reporting, so a failure to close is only logged at debug level.
     */
    static void closeAfterFailedOpen(Connection connection)
    {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        }
        catch (SQLException e) {
            log.debug("closing after a failed open: {}", e.toString());
        }
    }

    /**
     * Opens the connection the writer thread owns: WAL journal and the configured synchronous mode.
     * It stays in auto-commit mode at the JDBC level, which would otherwise begin the next
     * transaction eagerly after every commit and so hold the write lock between batches; the
     * writer brackets each batch with {@code BEGIN IMMEDIATE} and {@code COMMIT} itself.
     */
    static Connection openWriter(SqliteStoreConfig config)
            throws IOException, SQLException
    {
        Path parent = config.path().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Connection connection = common(config).createConnection(url(config.path()));
        try (Statement statement = connection.createStatement()) {
            // only a new, empty file takes this, and only before the journal mode writes its header
            if (pageCount(statement) == 0) {
                statement.execute("PRAGMA auto_vacuum = INCREMENTAL");
            }
            try (ResultSet mode = statement.executeQuery("PRAGMA journal_mode = WAL")) {
                String journal = mode.next() ? mode.getString(1) : "unknown";
                if (!journal.equalsIgnoreCase("wal")) {
                    throw new SQLException("the file system does not support WAL mode (journal mode stays " + journal + ")");
                }
            }
            statement.execute("PRAGMA synchronous = " + config.synchronous());
            statement.execute("PRAGMA temp_store = MEMORY");
        }
        catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /**
     * Opens a connection for queries; WAL lets it read while the writer commits.
     */
    static Connection openReader(SqliteStoreConfig config)
            throws SQLException
    {
        return queryOnly(common(config), config);
    }

    /**
     * Opens an existing database for reading only: nothing is created, and neither the file nor
     * its directory needs to be writable.
     */
    static Connection openReadOnly(SqliteStoreConfig config)
            throws SQLException
    {
        SQLiteConfig sqlite = common(config);
        sqlite.setReadOnly(true);
        return queryOnly(sqlite, config);
    }

    private static Connection queryOnly(SQLiteConfig sqlite, SqliteStoreConfig config)
            throws SQLException
    {
        Connection connection = sqlite.createConnection(url(config.path()));
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA query_only = true");
        }
        catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static long pageCount(Statement statement)
            throws SQLException
    {
        try (ResultSet result = statement.executeQuery("PRAGMA page_count")) {
            return result.next() ? result.getLong(1) : 0;
        }
    }

    private static SQLiteConfig common(SqliteStoreConfig config)
    {
        SQLiteConfig sqlite = new SQLiteConfig();
        sqlite.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, config.busyTimeout().toMillis()));
        return sqlite;
    }

    private static String url(Path file)
    {
        return "jdbc:sqlite:" + file;
    }
}
