package io.marketpipe.store.sqlite;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The thread that owns the writer connection. Events wait in a bounded buffer; the thread
 * commits them as one transaction of prepared-statement batches when {@code batch-size} rows wait
 * or the oldest has waited {@code flush-interval}, and runs retention between transactions.
 *
 * <p>A transaction that fails because the database is unavailable for a while (another process
 * holds its lock, the disk is full, an I/O error) is rolled back and retried, with waits that
 * double up to {@value #MAX_WAIT_MILLIS} ms, until it commits: meanwhile rows wait in the buffer,
 * and a full buffer holds the store's consumer back (the bus overflow policy applies). A
 * transaction the database rejects for any other reason (a defect, not an outage) is tried
 * {@value #REJECTED_ATTEMPTS} times, then its rows are counted as lost and logged. Rows still
 * waiting when the thread is stopped by force are counted as lost too. Metrics: {@code rows}
 * (rows in committed transactions, duplicates the database ignored included), {@code commits},
 * {@code write-failures}, {@code lost}, {@code retention.deleted}, and the gauge {@code pending}
 * (rows waiting).
 */
final class SqliteWriter
{
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int REJECTED_ATTEMPTS = 3;
    private static final long FIRST_WAIT_MILLIS = 100;
    private static final long MAX_WAIT_MILLIS = 5_000;
    private static final int LOG_EVERY_ATTEMPTS = 10;
    // how long a writer interrupted by a forced stop may take to count what it loses
    private static final long INTERRUPT_GRACE_MILLIS = 5_000;

    // primary result codes of SQLite (https://sqlite.org/rescode.html)
    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    private static final int SQLITE_CANTOPEN = 14;
    private static final int SQLITE_PROTOCOL = 15;

    private final String name;
    private final Connection connection;
    private final EventStatements statements;
    private final Retention retention;
    private final int batchSize;
    private final long flushIntervalNanos;
    private final long retentionIntervalNanos;
    private final LongSupplier clockMillis;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final Metrics.Counter rows;
    private final Metrics.Counter commits;
    private final Metrics.Counter failures;
    private final Metrics.Counter lost;
    private final Metrics.Counter retained;
    private final List<MarketEvent> pending;
    private volatile boolean stopped;

    /**
     * A request the writer thread answers between transactions.
     */
    private record Request(Kind kind, CompletableFuture<Long> done)
    {
        enum Kind { FLUSH, RETENTION, STOP }
    }

    SqliteWriter(String name, Connection connection, SqliteStoreConfig config, LongSupplier clockMillis, Metrics metrics)
            throws SQLException
    {
        this.name = requireNonNull(name, "name is null");
        this.connection = requireNonNull(connection, "connection is null");
        this.statements = new EventStatements(connection, config.bookDepth());
        this.retention = new Retention(config.retention());
        this.batchSize = config.batchSize();
        this.flushIntervalNanos = config.flushInterval().toNanos();
        this.retentionIntervalNanos = config.retentionInterval().toNanos();
        this.clockMillis = requireNonNull(clockMillis, "clockMillis is null");
        this.queue = new ArrayBlockingQueue<>(config.bufferSize());
        this.pending = new ArrayList<>(batchSize);
        this.rows = metrics.counter("rows");
        this.commits = metrics.counter("commits");
        this.failures = metrics.counter("write-failures");
        this.lost = metrics.counter("lost");
        this.retained = metrics.counter("retention.deleted");
        metrics.gauge("pending", queue::size);
        this.thread = new Thread(this::run, "marketpipe-sqlite-" + name);
        this.thread.setDaemon(true);
    }

    void start()
    {
        thread.start();
    }

    /**
     * Hands an event to the writer thread, waiting while the buffer is full.
     *
     * @throws IllegalStateException when the writer has stopped
     */
    void enqueue(MarketEvent event)
            throws InterruptedException
    {
        put(event);
    }

    /**
     * @return completes (with 0) once everything enqueued before has been committed
     */
    CompletableFuture<Long> flush()
            throws InterruptedException
    {
        return request(Request.Kind.FLUSH);
    }

    /**
     * @return completes with the number of rows deleted once retention has run
     */
    CompletableFuture<Long> applyRetention()
            throws InterruptedException
    {
        return request(Request.Kind.RETENTION);
    }

    /**
     * Commits what is buffered, stops the thread and waits for it. A thread still waiting for the
     * database after the timeout is interrupted: what it had not committed is counted as lost.
     *
     * @return false when the thread did not stop within the timeout
     */
    boolean stop(long timeoutMillis)
            throws InterruptedException
    {
        if (!stopped && thread.isAlive()) {
            try {
                put(new Request(Request.Kind.STOP, new CompletableFuture<>()));
            }
            catch (IllegalStateException alreadyStopped) {
                return true;
            }
        }
        thread.join(timeoutMillis);
        if (thread.isAlive()) {
            thread.interrupt();
            thread.join(INTERRUPT_GRACE_MILLIS);
            return false;
        }
        return true;
    }

    /**
     * Closes the statements; call after {@link #stop}.
     */
    void closeStatements()
            throws SQLException
    {
        statements.close();
    }

    private CompletableFuture<Long> request(Request.Kind kind)
            throws InterruptedException
    {
        Request request = new Request(kind, new CompletableFuture<>());
        put(request);
        return request.done();
    }

    private void put(Object item)
            throws InterruptedException
    {
        // a full buffer waits for the writer, but never for a writer that has died
        do {
            if (stopped) {
                throw new IllegalStateException("the writer of store " + name + " has stopped");
            }
        }
        while (!queue.offer(item, 100, TimeUnit.MILLISECONDS));
        if (stopped) {
            // the writer may have ended between the check and the offer: nobody would answer
            failWaiting();
        }
    }

    private void run()
    {
        long flushDeadline = 0;
        long nextRetention = System.nanoTime() + retentionIntervalNanos;
        try {
            while (true) {
                long now = System.nanoTime();
                if (!pending.isEmpty() && now - flushDeadline >= 0) {
                    commit();
                }
                if (now - nextRetention >= 0) {
                    runRetention();
                    nextRetention = System.nanoTime() + retentionIntervalNanos;
                }
                long wait = nextRetention - now;
                if (!pending.isEmpty()) {
                    wait = Math.min(wait, flushDeadline - now);
                }
                Object item = queue.poll(Math.max(wait, 0), TimeUnit.NANOSECONDS);
                if (item instanceof MarketEvent event) {
                    if (pending.isEmpty()) {
                        flushDeadline = System.nanoTime() + flushIntervalNanos;
                    }
                    pending.add(event);
                    if (pending.size() >= batchSize) {
                        commit();
                    }
                }
                else if (item instanceof Request request) {
                    commit();
                    switch (request.kind()) {
                        case FLUSH -> request.done().complete(0L);
                        case RETENTION -> request.done().complete(runRetention());
                        case STOP -> {
                            request.done().complete(0L);
                            return;
                        }
                    }
                }
            }
        }
        catch (InterruptedException e) {
            long uncommitted = uncommitted();
            lost.inc(uncommitted);
            log.error("Store {} lost {} rows: its writer was stopped before they were committed", name, uncommitted);
        }
        catch (RuntimeException e) {
            long uncommitted = uncommitted();
            lost.inc(uncommitted);
            log.error("Store {} writer failed; {} rows lost", name, uncommitted, e);
        }
        finally {
            stopped = true;
            failWaiting();
        }
    }

    private long uncommitted()
    {
        long count = pending.size();
        pending.clear();
        for (Object item : queue) {
            if (item instanceof MarketEvent) {
                count++;
            }
        }
        return count;
    }

    private void failWaiting()
    {
        for (Object item : queue) {
            if (item instanceof Request request) {
                request.done().completeExceptionally(new IllegalStateException("the writer of store " + name + " has stopped"));
            }
        }
    }

    private void commit()
            throws InterruptedException
    {
        if (pending.isEmpty()) {
            return;
        }
        int recovering = 0;
        for (int attempt = 1; ; attempt++) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("BEGIN IMMEDIATE");
                try {
                    long written = 0;
                    for (MarketEvent event : pending) {
                        if (statements.add(event)) {
                            written++;
                        }
                    }
                    statements.executeBatches();
                    statement.execute("COMMIT");
                    rows.inc(written);
                    commits.inc();
                    if (recovering > 0) {
                        log.info("Store {} committed {} rows after {} failed attempts", name, pending.size(), recovering);
                    }
                    pending.clear();
                    return;
                }
                catch (SQLException | RuntimeException e) {
                    rollback(statement);
                    throw e;
                }
            }
            catch (SQLException | RuntimeException e) {
                failures.inc();
                boolean unavailable = e instanceof SQLException sql && isUnavailable(sql);
                if (!unavailable && attempt >= REJECTED_ATTEMPTS) {
                    lost.inc(pending.size());
                    log.error("Store {} lost a batch of {} rows the database rejected {} times: {}", name, pending.size(), attempt, e.toString());
                    pending.clear();
                    return;
                }
                if (attempt == 1 || attempt % LOG_EVERY_ATTEMPTS == 0) {
                    log.warn("Store {} failed to commit {} rows (attempt {}): {}; {}", name, pending.size(), attempt, e.toString(),
                            unavailable ? "retrying until the database is available, rows wait in the buffer" : "retrying");
                }
                Thread.sleep(Math.min(MAX_WAIT_MILLIS, FIRST_WAIT_MILLIS << Math.min(attempt - 1, 16)));
                recovering = attempt;
            }
        }
    }

    /**
     * @return true for errors that pass once the database is available again: another connection
     *         holds the lock, the disk is full, an I/O error
     */
    static boolean isUnavailable(SQLException e)
    {
        int primary = e.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_IOERR || primary == SQLITE_FULL
                || primary == SQLITE_CANTOPEN || primary == SQLITE_PROTOCOL;
    }

    private void rollback(Statement statement)
    {
        try {
            statements.reset();
            statement.execute("ROLLBACK");
        }
        catch (SQLException e) {
            // SQLite has already rolled back by itself after some errors (a full disk, I/O errors)
            log.debug("Store {} rollback: {}", name, e.toString());
        }
    }

    private long runRetention()
    {
        if (!retention.enabled()) {
            return 0;
        }
        try {
            long deleted = retention.apply(connection, clockMillis.getAsLong());
            retained.inc(deleted);
            if (deleted > 0) {
                log.info("Store {} retention deleted {} rows", name, deleted);
            }
            return deleted;
        }
        catch (SQLException e) {
            failures.inc();
            log.warn("Store {} retention failed: {}", name, e.toString());
            return 0;
        }
    }
}
