package io.marketpipe.store.sqlite;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Dividend;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Split;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreQueries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The SQLite store. {@link #write} runs on the runtime's consumer thread for this store: it picks
 * the events to keep (sampling quotes, tickers and books by event time) and hands them to the
 * {@link SqliteWriter} thread, which commits them in batches. Queries read on a connection of
 * their own.
 *
 * <p>Durability: the file is in WAL mode with {@code synchronous = NORMAL} by default. A
 * committed transaction is in the write-ahead log before the commit returns, so killing the
 * process loses only what had not been committed yet (at most a batch and the buffer in front of
 * it), and the next open recovers the log. A power loss may also lose the last commits, which
 * {@code synchronous = full} prevents at the cost of an fsync per commit; neither mode can corrupt
 * the file.
 */
final class SqliteStore
        implements Store
{
    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final String name;
    private final SqliteStoreConfig config;
    private final Connection writerConnection;
    private final Connection readerConnection;
    private final SqliteWriter writer;
    private final SqliteQueries queries;
    private final Sampler quotes;
    private final Sampler tickers;
    private final Sampler books;
    private boolean closed;

    private SqliteStore(String name, SqliteStoreConfig config, Connection writerConnection, Connection readerConnection, SqliteWriter writer)
    {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.writerConnection = requireNonNull(writerConnection, "writerConnection is null");
        this.readerConnection = requireNonNull(readerConnection, "readerConnection is null");
        this.writer = requireNonNull(writer, "writer is null");
        this.queries = new SqliteQueries(readerConnection);
        this.quotes = new Sampler(config.quoteSample());
        this.tickers = new Sampler(config.tickerSample());
        this.books = new Sampler(config.bookInterval());
    }

    /**
     * Opens (creating it when missing) and migrates the database, and starts the writer thread.
     *
     * @throws UncheckedIOException naming the file when it cannot be opened or migrated
     */
    static SqliteStore open(SqliteStoreConfig config, String name, Metrics metrics)
    {
        return open(config, name, metrics, System::currentTimeMillis);
    }

    /**
     * @param clockMillis the clock retention measures ages with
     */
    static SqliteStore open(SqliteStoreConfig config, String name, Metrics metrics, LongSupplier clockMillis)
    {
        Connection writerConnection = null;
        Connection readerConnection = null;
        try {
            writerConnection = SqliteConnections.openWriter(config);
            checkIntegrity(writerConnection, config);
            int before = Schema.migrate(writerConnection, Schema.MIGRATIONS);
            if (before < Schema.latestVersion(Schema.MIGRATIONS)) {
                log.info("Store {}: database {} migrated from schema version {} to {}", name, config.path(), before, Schema.latestVersion(Schema.MIGRATIONS));
            }
            readerConnection = SqliteConnections.openReader(config);
            SqliteWriter writer = new SqliteWriter(name, writerConnection, config, clockMillis, metrics);
            SqliteStore store = new SqliteStore(name, config, writerConnection, readerConnection, writer);
            writer.start();
            return store;
        }
        catch (IOException | SQLException e) {
            SqliteConnections.closeAfterFailedOpen(readerConnection);
            SqliteConnections.closeAfterFailedOpen(writerConnection);
            throw new UncheckedIOException(new IOException("store " + name + " cannot open " + config.path() + ": " + describe(e), e));
        }
    }

    @Override
    public void write(List<MarketEvent> batch)
            throws IOException
    {
        try {
            for (MarketEvent event : batch) {
                if (keep(event)) {
                    writer.enqueue(event);
                }
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while writing to store " + name);
        }
        catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private boolean keep(MarketEvent event)
    {
        if (event instanceof Trade) {
            return config.tables().contains(Table.TRADES);
        }
        if (event instanceof Candle candle) {
            return config.tables().contains(Table.CANDLES) && (candle.closed() || config.openCandles());
        }
        if (event instanceof Quote) {
            return config.tables().contains(Table.QUOTES) && quotes.keep(event.instrument(), event.timestampMillis());
        }
        if (event instanceof Ticker) {
            return config.tables().contains(Table.TICKERS) && tickers.keep(event.instrument(), event.timestampMillis());
        }
        if (event instanceof FundingRate) {
            return config.tables().contains(Table.FUNDING);
        }
        if (event instanceof BookDepth) {
            return config.tables().contains(Table.BOOKS) && books.keep(event.instrument(), event.timestampMillis());
        }
        if (event instanceof Dividend) {
            return config.tables().contains(Table.DIVIDENDS);
        }
        if (event instanceof Split) {
            return config.tables().contains(Table.SPLITS);
        }
        if (event instanceof SourceStatus) {
            return config.tables().contains(Table.STATUS);
        }
        return false;
    }

    /**
     * Waits until everything written so far is committed.
     */
    @Override
    public void flush()
            throws IOException
    {
        await(() -> writer.flush());
    }

    /**
     * Runs retention now, on the writer thread, and waits for it.
     *
     * @return the number of rows deleted
     */
    long applyRetention()
            throws IOException
    {
        return await(() -> writer.applyRetention());
    }

    @Override
    public Optional<StoreQueries> queries()
    {
        return Optional.of(queries);
    }

    /**
     * Commits what is buffered, stops the writer thread and closes the connections.
     */
    @Override
    public void close()
            throws IOException
    {
        close(config.closeTimeout().toMillis());
    }

    /**
     * @param timeoutMillis how long the writer may take to commit what waits; after that it is
     *        stopped and what it had not committed is counted as lost
     */
    synchronized void close(long timeoutMillis)
            throws IOException
    {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (!writer.stop(timeoutMillis)) {
                log.warn("Store {}: the writer did not finish within {} ms; closing {} anyway", name, timeoutMillis, config.path());
            }
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.closeStatements();
            synchronized (queries) {
                readerConnection.close();
            }
            writerConnection.close();
        }
        catch (SQLException e) {
            throw new IOException("store " + name + " failed to close " + config.path() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString()
    {
        return "sqlite store " + name + " (" + config.path() + ")";
    }

    private long await(WriterRequest request)
            throws IOException
    {
        try {
            CompletableFuture<Long> done = request.send();
            return done.get();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for store " + name);
        }
        catch (ExecutionException | IllegalStateException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IOException("store " + name + ": " + cause.getMessage(), cause);
        }
    }

    @FunctionalInterface
    private interface WriterRequest
    {
        CompletableFuture<Long> send()
                throws InterruptedException;
    }

    private static void checkIntegrity(Connection connection, SqliteStoreConfig config)
            throws SQLException
    {
        if (config.checkOnOpen().isEmpty()) {
            return;
        }
        List<String> problems = new java.util.ArrayList<>();
        try (java.sql.Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery("PRAGMA " + config.checkOnOpen() + "(5)")) {
            while (result.next()) {
                problems.add(result.getString(1));
            }
        }
        if (!problems.equals(List.of("ok"))) {
            throw new SQLException("the database is damaged (" + config.checkOnOpen() + ": " + String.join("; ", problems)
                    + "); it is not written to: move it aside, or recover it with the sqlite3 shell's .recover");
        }
    }

    private static String describe(Exception e)
    {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied on " + denied.getFile();
        }
        if (e instanceof java.nio.file.FileAlreadyExistsException exists) {
            return exists.getFile() + " is in the way: it is a file, not a directory";
        }
        if (e instanceof FileSystemException other) {
            return other.getFile() + ": " + (other.getReason() != null ? other.getReason() : other.getClass().getSimpleName());
        }
        return e.getMessage();
    }
}
