package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.api.store.StoreQuery;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Answers queries on a connection of its own, which WAL lets read while the writer commits. A
 * query sees what was committed when it started. Queries are serialised on the connection.
 */
final class SqliteQueries
        implements StoreQueries
{
    private static final String INSTRUMENT_COLUMNS = "id, venue, market, native_symbol, base, quote, kind, settle, expiry, tick_size, lot_size";

    private final Connection connection;

    SqliteQueries(Connection connection)
    {
        this.connection = requireNonNull(connection, "connection is null");
    }

    @Override
    public synchronized List<Trade> trades(StoreQuery query)
            throws IOException
    {
        try {
            Map<Long, Instrument> instruments = instruments(query);
            if (instruments.isEmpty()) {
                return List.of();
            }
            String sql = "SELECT instrument_id, trade_id, venue_ns, recv_ns, price, size, side, backfilled FROM trades"
                    + " WHERE instrument_id IN (" + placeholders(instruments.size()) + ") AND ts >= ? AND ts < ?"
                    + " ORDER BY ts, rowid LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindRange(statement, instruments, query);
                statement.setInt(index, query.limit());
                List<Trade> trades = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        trades.add(new Trade(
                                instruments.get(row.getLong(1)),
                                row.getLong(3),
                                row.getLong(4),
                                row.getString(2),
                                Decimal.parse(row.getString(5)),
                                Decimal.parse(row.getString(6)),
                                Side.valueOf(row.getString(7).toUpperCase(Locale.ROOT)),
                                row.getInt(8) != 0));
                    }
                }
                return trades;
            }
        }
        catch (SQLException e) {
            throw new IOException("trade query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Candle> candles(StoreQuery query)
            throws IOException
    {
        try {
            Map<Long, Instrument> instruments = instruments(query);
            if (instruments.isEmpty()) {
                return List.of();
            }
            String sql = "SELECT instrument_id, venue_ns, recv_ns, interval, open_time, open, high, low, close, volume, quote_volume,"
                    + " trade_count, vwap, buy_volume, sell_volume, source, closed, revision FROM candles"
                    + " WHERE instrument_id IN (" + placeholders(instruments.size()) + ") AND open_time >= ? AND open_time < ?"
                    + (query.interval() == null ? "" : " AND interval = ?")
                    + " ORDER BY open_time, interval, source LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindRange(statement, instruments, query);
                if (query.interval() != null) {
                    statement.setString(index++, query.interval().label());
                }
                statement.setInt(index, query.limit());
                List<Candle> candles = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        candles.add(new Candle(
                                instruments.get(row.getLong(1)),
                                row.getLong(2),
                                row.getLong(3),
                                CandleInterval.parse(row.getString(4)),
                                row.getLong(5),
                                Decimal.parse(row.getString(6)),
                                Decimal.parse(row.getString(7)),
                                Decimal.parse(row.getString(8)),
                                Decimal.parse(row.getString(9)),
                                Decimal.parse(row.getString(10)),
                                decimal(row.getString(11)),
                                row.getLong(12),
                                decimal(row.getString(13)),
                                decimal(row.getString(14)),
                                decimal(row.getString(15)),
                                CandleSource.valueOf(row.getString(16).toUpperCase(Locale.ROOT)),
                                row.getInt(17) != 0,
                                row.getInt(18)));
                    }
                }
                return candles;
            }
        }
        catch (SQLException e) {
            throw new IOException("candle query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<FundingRate> funding(StoreQuery query)
            throws IOException
    {
        try {
            Map<Long, Instrument> instruments = instruments(query);
            if (instruments.isEmpty()) {
                return List.of();
            }
            String sql = "SELECT instrument_id, venue_ns, recv_ns, rate, next_funding, mark_price, index_price FROM funding"
                    + " WHERE instrument_id IN (" + placeholders(instruments.size()) + ") AND ts >= ? AND ts < ?"
                    + " ORDER BY ts, instrument_id LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindRange(statement, instruments, query);
                statement.setInt(index, query.limit());
                List<FundingRate> rates = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        rates.add(new FundingRate(
                                instruments.get(row.getLong(1)),
                                row.getLong(2),
                                row.getLong(3),
                                Decimal.parse(row.getString(4)),
                                row.getLong(5),
                                decimal(row.getString(6)),
                                decimal(row.getString(7))));
                    }
                }
                return rates;
            }
        }
        catch (SQLException e) {
            throw new IOException("funding query failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized List<Dividend> dividends(StoreQuery query)
            throws IOException
    {
        return actions(query, "SELECT instrument_id, venue_ns, recv_ns, amount, currency FROM dividends", "dividend",
                (instrument, row) -> new Dividend(instrument, row.getLong(2), row.getLong(3), Decimal.parse(row.getString(4)), row.getString(5)));
    }

    @Override
    public synchronized List<Split> splits(StoreQuery query)
            throws IOException
    {
        return actions(query, "SELECT instrument_id, venue_ns, recv_ns, numerator, denominator FROM splits", "split",
                (instrument, row) -> new Split(instrument, row.getLong(2), row.getLong(3), Decimal.parse(row.getString(4)), Decimal.parse(row.getString(5))));
    }

    /**
     * Reads one row of a dividend or split query.
     */
    @FunctionalInterface
    private interface ActionRow<T>
    {
        T read(Instrument instrument, ResultSet row)
                throws SQLException;
    }

    private <T> List<T> actions(StoreQuery query, String select, String what, ActionRow<T> reader)
            throws IOException
    {
        try {
            Map<Long, Instrument> instruments = instruments(query);
            if (instruments.isEmpty()) {
                return List.of();
            }
            String sql = select + " WHERE instrument_id IN (" + placeholders(instruments.size()) + ") AND ts >= ? AND ts < ? ORDER BY ts, instrument_id LIMIT ?";
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                int index = bindRange(statement, instruments, query);
                statement.setInt(index, query.limit());
                List<T> actions = new ArrayList<>();
                try (ResultSet row = statement.executeQuery()) {
                    while (row.next()) {
                        actions.add(reader.read(instruments.get(row.getLong(1)), row));
                    }
                }
                return actions;
            }
        }
        catch (SQLException e) {
            throw new IOException(what + " query failed: " + e.getMessage(), e);
        }
    }

    /**
     * @return the instruments the query names by canonical or native symbol, by id: usually one,
     *         more when the venue lists the symbol in several markets and the query names none
     */
    private Map<Long, Instrument> instruments(StoreQuery query)
            throws SQLException
    {
        String sql = "SELECT " + INSTRUMENT_COLUMNS + " FROM instruments WHERE venue = ? AND (symbol = ? OR native_symbol = ?)"
                + (query.market() == null ? "" : " AND market = ?");
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, query.venue().toLowerCase(Locale.ROOT));
            statement.setString(2, query.symbol());
            statement.setString(3, query.symbol());
            if (query.market() != null) {
                statement.setString(4, query.market().toLowerCase(Locale.ROOT));
            }
            Map<Long, Instrument> instruments = new HashMap<>();
            try (ResultSet row = statement.executeQuery()) {
                while (row.next()) {
                    Instrument instrument = Instrument.builder(row.getString(2), row.getString(3), row.getString(4))
                            .base(row.getString(5))
                            .quote(row.getString(6))
                            .kind(MarketKind.valueOf(row.getString(7).toUpperCase(Locale.ROOT)))
                            .settle(row.getString(8))
                            .expiry(row.getString(9))
                            .tickSize(decimal(row.getString(10)))
                            .lotSize(decimal(row.getString(11)))
                            .build();
                    instruments.put(row.getLong(1), instrument);
                }
            }
            return instruments;
        }
    }

    /**
     * Binds the instrument ids and the time range from parameter 1 on.
     *
     * @return the index of the next parameter
     */
    private static int bindRange(PreparedStatement statement, Map<Long, Instrument> instruments, StoreQuery query)
            throws SQLException
    {
        int index = 1;
        for (long id : instruments.keySet()) {
            statement.setLong(index++, id);
        }
        statement.setLong(index++, query.fromMillis());
        statement.setLong(index++, query.toMillis());
        return index;
    }

    private static String placeholders(int count)
    {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    private static Decimal decimal(String text)
    {
        return text == null ? null : Decimal.parse(text);
    }
}
