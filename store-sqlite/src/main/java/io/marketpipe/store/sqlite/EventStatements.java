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
    }

    /**
     * Binds the event to its table's batch; the caller has already chosen to store it.
     *
     * @return false when the event has no table (raw book messages, indicator values)
     */
    boolean add(MarketEvent event)
            throws SQLException
    {
        if (event instanceof Trade trade) {
            addTrade(trade);
        }
        else if (event instanceof Candle candle) {
            addCandle(candle);
        }
        else if (event instanceof Quote quote) {
            addQuote(quote);
        }
        else if (event instanceof Ticker ticker) {
            addTicker(ticker);
        }
        else if (event instanceof FundingRate rate) {
            addFunding(rate);
        }
        else if (event instanceof BookDepth book) {
            addBook(book);
        }
        else if (event instanceof SourceStatus source) {
            addStatus(source);
        }
        else if (event instanceof Dividend dividend) {
            bindAction(dividends, dividend, dividend.amount().toString(), dividend.currency());
        }
        else if (event instanceof Split split) {
            bindAction(splits, split, split.numerator().toString(), split.denominator().toString());
        }
        else {
            return false;
        }
        return true;
    }

    private void bindAction(PreparedStatement statement, MarketEvent event, String first, String second)
            throws SQLException
    {
        statement.setLong(1, instrumentId(event.instrument()));
        statement.setLong(2, event.timestampMillis());
        statement.setLong(3, event.venueNanos());
        statement.setLong(4, event.receivedNanos());
        statement.setString(5, first);
        statement.setString(6, second);
        statement.addBatch();
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

    private void addTrade(Trade trade)
            throws SQLException
    {
        trades.setLong(1, instrumentId(trade.instrument()));
        trades.setString(2, trade.tradeId());
        trades.setLong(3, trade.timestampMillis());
        trades.setLong(4, trade.venueNanos());
        trades.setLong(5, trade.receivedNanos());
        trades.setString(6, trade.price().toString());
        trades.setString(7, trade.size().toString());
        trades.setString(8, trade.side().wireName());
        trades.setInt(9, trade.backfilled() ? 1 : 0);
        trades.addBatch();
    }

    private void addCandle(Candle candle)
            throws SQLException
    {
        candles.setLong(1, instrumentId(candle.instrument()));
        candles.setString(2, candle.interval().label());
        candles.setLong(3, candle.openTimeMillis());
        candles.setString(4, candle.source().wireName());
        candles.setString(5, candle.open().toString());
        candles.setString(6, candle.high().toString());
        candles.setString(7, candle.low().toString());
        candles.setString(8, candle.close().toString());
        candles.setString(9, candle.volume().toString());
        decimal(candles, 10, candle.quoteVolume());
        candles.setLong(11, candle.tradeCount());
        decimal(candles, 12, candle.vwap());
        decimal(candles, 13, candle.buyVolume());
        decimal(candles, 14, candle.sellVolume());
        candles.setInt(15, candle.closed() ? 1 : 0);
        candles.setInt(16, candle.revision());
        candles.setLong(17, candle.venueNanos());
        candles.setLong(18, candle.receivedNanos());
        candles.addBatch();
    }

    private void addQuote(Quote quote)
            throws SQLException
    {
        quotes.setLong(1, instrumentId(quote.instrument()));
        quotes.setLong(2, quote.timestampMillis());
        quotes.setLong(3, quote.receivedNanos());
        quotes.setLong(4, quote.seq());
        quotes.setLong(5, quote.venueNanos());
        quotes.setString(6, quote.bidPrice().toString());
        quotes.setString(7, quote.bidSize().toString());
        quotes.setString(8, quote.askPrice().toString());
        quotes.setString(9, quote.askSize().toString());
        quotes.addBatch();
    }

    private void addTicker(Ticker ticker)
            throws SQLException
    {
        tickers.setLong(1, instrumentId(ticker.instrument()));
        tickers.setLong(2, ticker.timestampMillis());
        tickers.setLong(3, ticker.receivedNanos());
        tickers.setLong(4, ticker.venueNanos());
        decimal(tickers, 5, ticker.last());
        decimal(tickers, 6, ticker.bid());
        decimal(tickers, 7, ticker.bidSize());
        decimal(tickers, 8, ticker.ask());
        decimal(tickers, 9, ticker.askSize());
        decimal(tickers, 10, ticker.open());
        decimal(tickers, 11, ticker.high());
        decimal(tickers, 12, ticker.low());
        decimal(tickers, 13, ticker.volume());
        decimal(tickers, 14, ticker.quoteVolume());
        tickers.addBatch();
    }

    private void addFunding(FundingRate rate)
            throws SQLException
    {
        funding.setLong(1, instrumentId(rate.instrument()));
        funding.setLong(2, rate.timestampMillis());
        funding.setLong(3, rate.venueNanos());
        funding.setLong(4, rate.receivedNanos());
        funding.setString(5, rate.rate().toString());
        funding.setLong(6, rate.nextFundingMillis());
        decimal(funding, 7, rate.markPrice());
        decimal(funding, 8, rate.indexPrice());
        funding.addBatch();
    }

    private void addBook(BookDepth book)
            throws SQLException
    {
        books.setLong(1, instrumentId(book.instrument()));
        books.setLong(2, book.timestampMillis());
        books.setLong(3, book.receivedNanos());
        books.setLong(4, book.venueNanos());
        books.setLong(5, book.seq());
        books.setString(6, levels(book.bids()));
        books.setString(7, levels(book.asks()));
        books.addBatch();
    }

    private void addStatus(SourceStatus event)
            throws SQLException
    {
        status.setString(1, event.source());
        status.setString(2, event.venue());
        status.setString(3, event.market());
        if (event.instrument() == null) {
            status.setNull(4, Types.INTEGER);
        }
        else {
            status.setLong(4, instrumentId(event.instrument()));
        }
        status.setLong(5, event.timestampMillis());
        status.setLong(6, event.venueNanos());
        status.setLong(7, event.receivedNanos());
        status.setString(8, event.kind().wireName());
        status.setString(9, event.reason());
        status.addBatch();
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
}
