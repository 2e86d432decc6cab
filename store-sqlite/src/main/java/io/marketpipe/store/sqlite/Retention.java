package io.marketpipe.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Deletes rows beyond each table's limits: older than {@code max-age}, or beyond the newest
 * {@code max-rows} of their series. Deletes go series by series so every one is a range scan on
 * an index rather than a pass over the whole table; the pages they free are returned to the file
 * system with an incremental vacuum.
 */
final class Retention
{
    private final Map<Table, SqliteStoreConfig.Retention> limits;

    Retention(Map<Table, SqliteStoreConfig.Retention> limits)
    {
        this.limits = Map.copyOf(requireNonNull(limits, "limits is null"));
    }

    boolean enabled()
    {
        return limits.values().stream().anyMatch(SqliteStoreConfig.Retention::limited);
    }

    /**
     * Applies every limit in one transaction of the caller's (auto-commit) connection.
     *
     * @param nowMillis the current time, epoch ms, that ages are measured from
     * @return the number of rows deleted
     */
    long apply(Connection connection, long nowMillis)
            throws SQLException
    {
        long deleted = 0;
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                for (Table table : Table.values()) {
                    SqliteStoreConfig.Retention limit = limits.getOrDefault(table, SqliteStoreConfig.Retention.NONE);
                    if (!limit.maxAge().isZero()) {
                        deleted += deleteOlderThan(connection, table, nowMillis - limit.maxAge().toMillis());
                    }
                    if (limit.maxRows() > 0 && !table.seriesColumns().isEmpty()) {
                        deleted += keepNewest(connection, table, limit.maxRows());
                    }
                }
                statement.execute("COMMIT");
            }
            catch (SQLException e) {
                statement.execute("ROLLBACK");
                throw e;
            }
            if (deleted > 0) {
                statement.execute("PRAGMA incremental_vacuum");
            }
        }
        return deleted;
    }

    private static long deleteOlderThan(Connection connection, Table table, long cutoffMillis)
            throws SQLException
    {
        if (table.seriesColumns().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table.sqlName() + " WHERE " + table.timeColumn() + " < ?")) {
                delete.setLong(1, cutoffMillis);
                return delete.executeUpdate();
            }
        }
        long deleted = 0;
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table.sqlName() + " WHERE instrument_id = ? AND " + table.timeColumn() + " < ?")) {
            for (long instrumentId : instrumentIds(connection, table)) {
                delete.setLong(1, instrumentId);
                delete.setLong(2, cutoffMillis);
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    /**
     * Keeps the rows of each series from the {@code maxRows}-th newest time on; rows sharing that
     * boundary time are all kept.
     */
    private static long keepNewest(Connection connection, Table table, long maxRows)
            throws SQLException
    {
        String series = String.join(" = ? AND ", table.seriesColumns()) + " = ?";
        String sql = "DELETE FROM " + table.sqlName() + " WHERE " + series + " AND " + table.timeColumn() + " < ("
                + "SELECT " + table.timeColumn() + " FROM " + table.sqlName() + " WHERE " + series
                + " ORDER BY " + table.timeColumn() + " DESC LIMIT 1 OFFSET ?)";
        int columns = table.seriesColumns().size();
        long deleted = 0;
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            for (Object[] key : seriesKeys(connection, table)) {
                for (int i = 0; i < columns; i++) {
                    delete.setObject(1 + i, key[i]);
                    delete.setObject(1 + columns + i, key[i]);
                }
                delete.setLong(1 + 2 * columns, maxRows - 1);
                deleted += delete.executeUpdate();
            }
        }
        return deleted;
    }

    private static List<Long> instrumentIds(Connection connection, Table table)
            throws SQLException
    {
        // every series starts with the instrument; the instruments table is small, probing each is cheap
        List<Long> ids = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT id FROM instruments WHERE EXISTS (SELECT 1 FROM " + table.sqlName() + " WHERE instrument_id = instruments.id)")) {
            while (result.next()) {
                ids.add(result.getLong(1));
            }
        }
        return ids;
    }

    private static List<Object[]> seriesKeys(Connection connection, Table table)
            throws SQLException
    {
        List<String> columns = table.seriesColumns();
        List<Object[]> keys = new ArrayList<>();
        if (columns.size() == 1) {
            for (long id : instrumentIds(connection, table)) {
                keys.add(new Object[] {id});
            }
            return keys;
        }
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT DISTINCT " + String.join(", ", columns) + " FROM " + table.sqlName())) {
            while (result.next()) {
                Object[] key = new Object[columns.size()];
                for (int i = 0; i < key.length; i++) {
                    key[i] = result.getObject(1 + i);
                }
                keys.add(key);
            }
        }
        return keys;
    }
}
