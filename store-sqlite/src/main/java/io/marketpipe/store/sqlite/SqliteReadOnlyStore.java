package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreQueries;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The SQLite store opened only to answer queries ({@code marketpipe query}): it reads an existing
 * database on a read-only connection, so a missing database is an error instead of a new empty
 * file, a file without write permission can be queried, and a database another process is writing
 * to is read as of its last commit.
 */
final class SqliteReadOnlyStore
        implements Store
{
    private final String name;
    private final Connection connection;
    private final SqliteQueries queries;

    private SqliteReadOnlyStore(String name, Connection connection)
    {
        this.name = requireNonNull(name, "name is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.queries = new SqliteQueries(connection);
    }

    /**
     * @throws UncheckedIOException naming the file when it does not exist or is not a marketpipe
     *         database this release can read
     */
    static SqliteReadOnlyStore open(SqliteStoreConfig config, String name)
    {
        if (!Files.exists(config.path())) {
            throw new UncheckedIOException(new IOException("store " + name + ": no database at " + config.path()
                    + " (nothing was collected there yet; check marketpipe.data-directory and the store's path)"));
        }
        Connection connection = null;
        try {
            connection = SqliteConnections.openReadOnly(config);
            int version = Schema.version(connection);
            int latest = Schema.latestVersion(Schema.MIGRATIONS);
            if (version == 0) {
                throw new SQLException("not a marketpipe database (it has no schema_version table)");
            }
            if (version > latest) {
                throw new SQLException("the database is at schema version " + version + ", newer than this marketpipe knows (" + latest + "); use a newer release");
            }
            return new SqliteReadOnlyStore(name, connection);
        }
        catch (SQLException e) {
            SqliteConnections.closeAfterFailedOpen(connection);
            throw new UncheckedIOException(new IOException("store " + name + " cannot read " + config.path() + ": " + e.getMessage(), e));
        }
    }

    @Override
    public void write(List<MarketEvent> batch)
            throws IOException
    {
        throw new IOException("store " + name + " was opened read-only, for queries");
    }

    @Override
    public Optional<StoreQueries> queries()
    {
        return Optional.of(queries);
    }

    @Override
    public void close()
            throws IOException
    {
        try {
            synchronized (queries) {
                connection.close();
            }
        }
        catch (SQLException e) {
            throw new IOException("store " + name + " failed to close: " + e.getMessage(), e);
        }
    }
}
