package io.marketpipe.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The database schema as an ordered list of migrations. Opening a database applies the ones it
 * lacks, each in its own transaction together with its row in {@code schema_version}, so a file
 * is always at one exact version, and a database from a newer release is refused rather than
 * written to.
 *
 * <p>Prices and sizes are {@code TEXT} holding the exact decimal as the venue wrote it; times are
 * epoch milliseconds ({@code ts}: the venue's time, else the receive time) plus both clocks in
 * nanoseconds. Instruments are stored once and referenced by id.
 */
final class Schema
{
    /**
     * One step of the schema.
     *
     * @param version the version the database is at after this step, counting from 1
     * @param description what the step does, recorded in {@code schema_version}
     * @param statements the DDL, run in order
     */
    record Migration(int version, String description, List<String> statements)
    {
        Migration
        {
            requireNonNull(description, "description is null");
            statements = List.copyOf(statements);
        }
    }

    static final List<Migration> MIGRATIONS = List.of(
            new Migration(1, "instruments, trades, candles, quotes, tickers, funding, books, source status", List.of(
                    """
                    CREATE TABLE instruments (
                      id INTEGER PRIMARY KEY,
                      venue TEXT NOT NULL,
                      market TEXT NOT NULL,
                      native_symbol TEXT NOT NULL,
                      symbol TEXT NOT NULL,
                      base TEXT NOT NULL,
                      quote TEXT,
                      kind TEXT NOT NULL,
                      settle TEXT,
                      expiry TEXT,
                      tick_size TEXT,
                      lot_size TEXT,
                      UNIQUE (venue, market, native_symbol))
                    """,
                    "CREATE INDEX instruments_by_symbol ON instruments (venue, symbol)",
                    // a rowid table: the rowid keeps arrival order among trades of the same millisecond
                    """
                    CREATE TABLE trades (
                      instrument_id INTEGER NOT NULL,
                      trade_id TEXT NOT NULL,
                      ts INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      price TEXT NOT NULL,
                      size TEXT NOT NULL,
                      side TEXT NOT NULL,
                      backfilled INTEGER NOT NULL,
                      UNIQUE (instrument_id, trade_id))
                    """,
                    "CREATE INDEX trades_by_time ON trades (instrument_id, ts)",
                    """
                    CREATE TABLE candles (
                      instrument_id INTEGER NOT NULL,
                      interval TEXT NOT NULL,
                      open_time INTEGER NOT NULL,
                      source TEXT NOT NULL,
                      open TEXT NOT NULL,
                      high TEXT NOT NULL,
                      low TEXT NOT NULL,
                      close TEXT NOT NULL,
                      volume TEXT NOT NULL,
                      quote_volume TEXT,
                      trade_count INTEGER NOT NULL,
                      vwap TEXT,
                      buy_volume TEXT,
                      sell_volume TEXT,
                      closed INTEGER NOT NULL,
                      revision INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      PRIMARY KEY (instrument_id, interval, open_time, source)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE quotes (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      seq INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      bid TEXT NOT NULL,
                      bid_size TEXT NOT NULL,
                      ask TEXT NOT NULL,
                      ask_size TEXT NOT NULL,
                      PRIMARY KEY (instrument_id, ts, recv_ns, seq)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE tickers (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      last TEXT,
                      bid TEXT,
                      bid_size TEXT,
                      ask TEXT,
                      ask_size TEXT,
                      open TEXT,
                      high TEXT,
                      low TEXT,
                      volume TEXT,
                      quote_volume TEXT,
                      PRIMARY KEY (instrument_id, ts, recv_ns)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE funding (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      rate TEXT NOT NULL,
                      next_funding INTEGER NOT NULL,
                      mark_price TEXT,
                      index_price TEXT,
                      PRIMARY KEY (instrument_id, ts)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE books (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      seq INTEGER NOT NULL,
                      bids TEXT NOT NULL,
                      asks TEXT NOT NULL,
                      PRIMARY KEY (instrument_id, ts, recv_ns)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE source_status (
                      source TEXT NOT NULL,
                      venue TEXT NOT NULL,
                      market TEXT NOT NULL,
                      instrument_id INTEGER,
                      ts INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      kind TEXT NOT NULL,
                      reason TEXT NOT NULL)
                    """,
                    "CREATE UNIQUE INDEX source_status_once ON source_status (source, recv_ns, kind, coalesce(instrument_id, -1))",
                    "CREATE INDEX source_status_by_time ON source_status (ts)")),
            new Migration(2, "dividends and splits", List.of(
                    """
                    CREATE TABLE dividends (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      amount TEXT NOT NULL,
                      currency TEXT,
                      PRIMARY KEY (instrument_id, ts)) WITHOUT ROWID
                    """,
                    """
                    CREATE TABLE splits (
                      instrument_id INTEGER NOT NULL,
                      ts INTEGER NOT NULL,
                      venue_ns INTEGER NOT NULL,
                      recv_ns INTEGER NOT NULL,
                      numerator TEXT NOT NULL,
                      denominator TEXT NOT NULL,
                      PRIMARY KEY (instrument_id, ts)) WITHOUT ROWID
                    """)));

    private Schema() {}

    /**
     * @return the version the latest migration leads to
     */
    static int latestVersion(List<Migration> migrations)
    {
        return migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
    }

    /**
     * Brings the database to the latest version of {@code migrations}. The connection must be in
     * auto-commit mode: each step runs in its own explicit transaction.
     *
     * @return the version the database was at before
     * @throws SQLException when a step fails (that step is rolled back) or the database is newer
     *         than the migrations know
     */
    static int migrate(Connection connection, List<Migration> migrations)
            throws SQLException
    {
        // an up-to-date database is only read, so it opens while another process holds the write lock
        try (Statement statement = connection.createStatement();
                ResultSet exists = statement.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
            if (!exists.next() || exists.getInt(1) == 0) {
                try (Statement create = connection.createStatement()) {
                    create.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL, description TEXT NOT NULL)");
                }
            }
        }
        int before = version(connection);
        int latest = latestVersion(migrations);
        if (before > latest) {
            throw new SQLException("the database is at schema version " + before + ", newer than this marketpipe knows (" + latest + "); use a newer release");
        }
        for (Migration migration : migrations) {
            if (migration.version() > before) {
                apply(connection, migration);
            }
        }
        return before;
    }

    private static void apply(Connection connection, Migration migration)
            throws SQLException
    {
        try (Statement statement = connection.createStatement();
                PreparedStatement record = connection.prepareStatement("INSERT INTO schema_version (version, applied_at, description) VALUES (?, ?, ?)")) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                // another process may have migrated since the version was read outside this transaction
                if (version(connection) >= migration.version()) {
                    statement.execute("ROLLBACK");
                    return;
                }
                for (String sql : migration.statements()) {
                    statement.execute(sql);
                }
                record.setInt(1, migration.version());
                record.setLong(2, System.currentTimeMillis());
                record.setString(3, migration.description());
                record.executeUpdate();
                statement.execute("COMMIT");
            }
            catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw new SQLException("schema migration to version " + migration.version() + " failed: " + e.getMessage(), e);
            }
        }
    }

    /**
     * @return the schema version of the database, 0 when it has none
     */
    static int version(Connection connection)
            throws SQLException
    {
        if (!exists(connection, "schema_version")) {
            return 0;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            return result.next() ? result.getInt(1) : 0;
        }
    }

    private static boolean exists(Connection connection, String table)
            throws SQLException
    {
        try (PreparedStatement statement = connection.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }
}
