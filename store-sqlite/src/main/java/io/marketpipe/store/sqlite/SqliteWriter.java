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
 * <p>A transaction that fails is rolled back and retried twice with backoff; after that its rows
 * are counted as lost and logged, and the thread goes on with the next. Metrics: {@code rows}
 * (rows in committed transactions, duplicates the database ignored included), {@code commits},
 * {@code write-failures}, {@code lost}, {@code retention.deleted}, and the gauge {@code pending}
 * (rows waiting).
 */
final class SqliteWriter
{
    private static final Logger log = LoggerFactory.getLogger(SqliteWriter.class);
    private static final int ATTEMPTS = 3;

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
     * Commits what is buffered, stops the thread and waits for it.
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
        return !thread.isAlive();
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
            log.warn("Store {} writer interrupted with {} rows not committed", name, pending.size() + queue.size());
        }
        catch (RuntimeException e) {
            log.error("Store {} writer failed; {} rows not committed", name, pending.size() + queue.size(), e);
        }
        finally {
            stopped = true;
            failWaiting();
        }
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
                if (attempt == ATTEMPTS) {
                    lost.inc(pending.size());
                    log.error("Store {} lost a batch of {} rows after {} attempts: {}", name, pending.size(), ATTEMPTS, e.toString());
                    pending.clear();
                    return;
                }
                log.warn("Store {} failed to commit {} rows (attempt {} of {}): {}", name, pending.size(), attempt, ATTEMPTS, e.toString());
                Thread.sleep(100L << attempt);
            }
        }
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
