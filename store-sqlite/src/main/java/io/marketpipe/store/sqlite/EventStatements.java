package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * The prepared statements of the writer connection: {@link #add} binds an event to its table's
 * statement batch, {@link #executeBatches} runs every batch inside the caller's transaction.
 *
 * <p>Every insert is idempotent: a trade is keyed by instrument and venue trade id; a candle by
 * instrument, interval, start and source, and a later version (final over open, a higher
 * revision) replaces the stored one while an older one is ignored; quotes, tickers, books and
 * funding by instrument and their timestamps; dividends and splits by instrument and date, a later
 * one replacing the stored one; status events by source, receive time and kind.
 * Not thread-safe: the writer thread owns it.
 */
final class EventStatements
        implements AutoCloseable
{
    private final Connection connection;
    private final int bookDepth;
    private final PreparedStatement upsertInstrument;
    private final PreparedStatement selectInstrument;
    private final PreparedStatement trades;
    private final PreparedStatement candles;
    private final PreparedStatement quotes;
    private final PreparedStatement tickers;
    private final PreparedStatement funding;
    private final PreparedStatement books;
    private final PreparedStatement status;
    private final PreparedStatement dividends;
    private final PreparedStatement splits;
    private final List<PreparedStatement> batches;
    // events are records, so their class finds their table
    private final Map<Class<?>, Binder> binders = new HashMap<>();
    private final Map<Instrument, Long> instrumentIds = new HashMap<>();

    EventStatements(Connection connection, int bookDepth)
            throws SQLException
    {
        this.connection = requireNonNull(connection, "connection is null");
        this.bookDepth = bookDepth;
        this.upsertInstrument = connection.prepareStatement("""
                INSERT INTO instruments (venue, market, native_symbol, symbol, base, quote, kind, settle, expiry, tick_size, lot_size)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (venue, market, native_symbol) DO UPDATE SET
                  symbol = excluded.symbol, base = excluded.base, quote = excluded.quote, kind = excluded.kind,
                  settle = excluded.settle, expiry = excluded.expiry,
                  tick_size = coalesce(excluded.tick_size, tick_size), lot_size = coalesce(excluded.lot_size, lot_size)
                """);
        this.selectInstrument = connection.prepareStatement("SELECT id FROM instruments WHERE venue = ? AND market = ? AND native_symbol = ?");
        this.trades = connection.prepareStatement("""
                INSERT OR IGNORE INTO trades (instrument_id, trade_id, ts, venue_ns, recv_ns, price, size, side, backfilled)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """);
        this.candles = connection.prepareStatement("""
                INSERT INTO candles (instrument_id, interval, open_time, source, open, high, low, close, volume, quote_volume,
                  trade_count, vwap, buy_volume, sell_volume, closed, revision, venue_ns, recv_ns)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (instrument_id, interval, open_time, source) DO UPDATE SET
                  open = excluded.open, high = excluded.high, low = excluded.low, close = excluded.close,
                  volume = excluded.volume, quote_volume = excluded.quote_volume, trade_count = excluded.trade_count,
                  vwap = excluded.vwap, buy_volume = excluded.buy_volume, sell_volume = excluded.sell_volume,
                  closed = excluded.closed, revision = excluded.revision, venue_ns = excluded.venue_ns, recv_ns = excluded.recv_ns
                WHERE excluded.closed > candles.closed
                  OR (excluded.closed = candles.closed AND excluded.revision >= candles.revision)
                """);
        this.quotes = connection.prepareStatement("""
                INSERT OR IGNORE INTO quotes (instrument_id, ts, recv_ns, seq, venue_ns, bid, bid_size, ask, ask_size)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """);
        this.tickers = connection.prepareStatement("""
                INSERT OR IGNORE INTO tickers (instrument_id, ts, recv_ns, venue_ns, last, bid, bid_size, ask, ask_size, open, high, low, volume, quote_volume)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """);
        this.funding = connection.prepareStatement("""
                INSERT OR IGNORE INTO funding (instrument_id, ts, venue_ns, recv_ns, rate, next_funding, mark_price, index_price)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """);
        this.books = connection.prepareStatement("""
                INSERT OR IGNORE INTO books (instrument_id, ts, recv_ns, venue_ns, seq, bids, asks)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """);
        this.status = connection.prepareStatement("""
                INSERT OR IGNORE INTO source_status (source, venue, market, instrument_id, ts, venue_ns, recv_ns, kind, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """);
        // a corrected dividend or split replaces the one stored for its date
        this.dividends = connection.prepareStatement("""
                INSERT INTO dividends (instrument_id, ts, venue_ns, recv_ns, amount, currency) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (instrument_id, ts) DO UPDATE SET amount = excluded.amount, currency = coalesce(excluded.currency, currency),
                  venue_ns = excluded.venue_ns, recv_ns = excluded.recv_ns
                """);
        this.splits = connection.prepareStatement("""
                INSERT INTO splits (instrument_id, ts, venue_ns, recv_ns, numerator, denominator) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (instrument_id, ts) DO UPDATE SET numerator = excluded.numerator, denominator = excluded.denominator,
                  venue_ns = excluded.venue_ns, recv_ns = excluded.recv_ns
                """);
        this.batches = List.of(trades, candles, quotes, tickers, funding, books, status, dividends, splits);
        route(Trade.class, trades, this::tradeRow);
        route(Candle.class, candles, this::candleRow);
        route(Quote.class, quotes, this::quoteRow);
        route(Ticker.class, tickers, this::tickerRow);
        route(FundingRate.class, funding, this::fundingRow);
        route(BookDepth.class, books, this::bookRow);
        route(SourceStatus.class, status, this::statusRow);
        route(Dividend.class, dividends, dividend -> actionRow(dividend, dividend.amount(), dividend.currency()));
        route(Split.class, splits, split -> actionRow(split, split.numerator(), split.denominator()));
    }

    /**
     * Binds the event to its table's batch; the caller has already chosen to store it.
     *
     * @return false when the event has no table (raw book messages, indicator values)
     */
    boolean add(MarketEvent event)
            throws SQLException
    {
        Binder binder = binders.get(event.getClass());
        if (binder == null) {
            return false;
        }
        binder.bind(event);
        return true;
    }

    /**
     * Runs every pending batch, in the caller's transaction.
     */
    void executeBatches()
            throws SQLException
    {
        for (PreparedStatement batch : batches) {
            batch.executeBatch();
        }
    }

    /**
     * Drops pending batches and cached instrument ids after a rolled-back transaction, whose
     * new instruments no longer exist.
     */
    void reset()
            throws SQLException
    {
        for (PreparedStatement batch : batches) {
            batch.clearBatch();
        }
        instrumentIds.clear();
    }

    private Object[] tradeRow(Trade trade)
            throws SQLException
    {
        return row(instrumentId(trade.instrument()), trade.tradeId(), trade.timestampMillis(), trade.venueNanos(),
                trade.receivedNanos(), trade.price(), trade.size(), trade.side().wireName(), flag(trade.backfilled()));
    }

    private Object[] candleRow(Candle candle)
            throws SQLException
    {
        return row(instrumentId(candle.instrument()), candle.interval().label(), candle.openTimeMillis(),
                candle.source().wireName(), candle.open(), candle.high(), candle.low(), candle.close(), candle.volume(),
                candle.quoteVolume(), candle.tradeCount(), candle.vwap(), candle.buyVolume(), candle.sellVolume(),
                flag(candle.closed()), candle.revision(), candle.venueNanos(), candle.receivedNanos());
    }

    private Object[] quoteRow(Quote quote)
            throws SQLException
    {
        return row(instrumentId(quote.instrument()), quote.timestampMillis(), quote.receivedNanos(), quote.seq(),
                quote.venueNanos(), quote.bidPrice(), quote.bidSize(), quote.askPrice(), quote.askSize());
    }

    private Object[] tickerRow(Ticker ticker)
            throws SQLException
    {
        return row(instrumentId(ticker.instrument()), ticker.timestampMillis(), ticker.receivedNanos(), ticker.venueNanos(),
                ticker.last(), ticker.bid(), ticker.bidSize(), ticker.ask(), ticker.askSize(), ticker.open(), ticker.high(),
                ticker.low(), ticker.volume(), ticker.quoteVolume());
    }

    private Object[] fundingRow(FundingRate rate)
            throws SQLException
    {
        return row(instrumentId(rate.instrument()), rate.timestampMillis(), rate.venueNanos(), rate.receivedNanos(),
                rate.rate(), rate.nextFundingMillis(), rate.markPrice(), rate.indexPrice());
    }

    private Object[] bookRow(BookDepth book)
            throws SQLException
    {
        return row(instrumentId(book.instrument()), book.timestampMillis(), book.receivedNanos(), book.venueNanos(),
                book.seq(), levels(book.bids()), levels(book.asks()));
    }

    private Object[] statusRow(SourceStatus event)
            throws SQLException
    {
        Long instrument = event.instrument() == null ? null : instrumentId(event.instrument());
        return row(event.source(), event.venue(), event.market(), instrument, event.timestampMillis(),
                event.venueNanos(), event.receivedNanos(), event.kind().wireName(), event.reason());
    }

    private Object[] actionRow(MarketEvent event, Object first, Object second)
            throws SQLException
    {
        return row(instrumentId(event.instrument()), event.timestampMillis(), event.venueNanos(),
                event.receivedNanos(), first, second);
    }

    private static Object[] row(Object... values)
    {
        return values;
    }

    private <E extends MarketEvent> void route(Class<E> type, PreparedStatement statement, Row<E> row)
    {
        binders.put(type, event -> bind(statement, row.values(type.cast(event))));
    }

    /**
     * Binds one row, a value a column in the statement's order, and adds it to the batch. Decimals
     * are stored as their exact text; a null value binds SQL NULL.
     */
    private static void bind(PreparedStatement statement, Object[] values)
            throws SQLException
    {
        for (int i = 0; i < values.length; i++) {
            int index = i + 1;
            Object value = values[i];
            if (value == null) {
                statement.setNull(index, Types.NULL);
            }
            else if (value instanceof Long number) {
                statement.setLong(index, number);
            }
            else if (value instanceof Integer number) {
                statement.setInt(index, number);
            }
            else if (value instanceof String || value instanceof Decimal) {
                statement.setString(index, value.toString());
            }
            else {
                throw new IllegalArgumentException("column " + index + " cannot hold a " + value.getClass().getName());
            }
        }
        statement.addBatch();
    }

    private static int flag(boolean value)
    {
        return value ? 1 : 0;
    }

    private long instrumentId(Instrument instrument)
            throws SQLException
    {
        Long cached = instrumentIds.get(instrument);
        if (cached != null) {
            return cached;
        }
        upsertInstrument.setString(1, instrument.venue());
        upsertInstrument.setString(2, instrument.market());
        upsertInstrument.setString(3, instrument.nativeSymbol());
        upsertInstrument.setString(4, instrument.symbol());
        upsertInstrument.setString(5, instrument.base());
        upsertInstrument.setString(6, instrument.quote());
        upsertInstrument.setString(7, instrument.kind().name().toLowerCase(Locale.ROOT));
        upsertInstrument.setString(8, instrument.settle());
        upsertInstrument.setString(9, instrument.expiry());
        decimal(upsertInstrument, 10, instrument.tickSize());
        decimal(upsertInstrument, 11, instrument.lotSize());
        upsertInstrument.executeUpdate();
        selectInstrument.setString(1, instrument.venue());
        selectInstrument.setString(2, instrument.market());
        selectInstrument.setString(3, instrument.nativeSymbol());
        try (ResultSet result = selectInstrument.executeQuery()) {
            if (!result.next()) {
                throw new SQLException("instrument " + instrument.key() + " was not stored");
            }
            long id = result.getLong(1);
            instrumentIds.put(instrument, id);
            return id;
        }
    }

    private static void decimal(PreparedStatement statement, int index, Decimal value)
            throws SQLException
    {
        if (value == null) {
            statement.setNull(index, Types.VARCHAR);
        }
        else {
            statement.setString(index, value.toString());
        }
    }

    /**
     * @return the best {@code bookDepth} levels as a JSON array of {@code ["price", "size"]} pairs
     */
    private String levels(List<PriceLevel> levels)
    {
        int count = Math.min(levels.size(), bookDepth);
        StringBuilder json = new StringBuilder(16 + count * 32).append('[');
        for (int i = 0; i < count; i++) {
            PriceLevel level = levels.get(i);
            if (i > 0) {
                json.append(',');
            }
            // decimal text is digits, sign and point only: nothing to escape
            json.append("[\"").append(level.price()).append("\",\"").append(level.size()).append("\"]");
        }
        return json.append(']').toString();
    }

    @Override
    public void close()
            throws SQLException
    {
        List<PreparedStatement> all = new ArrayList<>(batches);
        all.add(upsertInstrument);
        all.add(selectInstrument);
        SQLException failure = null;
        for (PreparedStatement statement : all) {
            try {
                statement.close();
            }
            catch (SQLException e) {
                if (failure == null) {
                    failure = e;
                }
                else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    @FunctionalInterface
    private interface Row<E extends MarketEvent>
    {
        Object[] values(E event)
                throws SQLException;
    }

    @FunctionalInterface
    private interface Binder
    {
        void bind(MarketEvent event)
                throws SQLException;
    }
}
