package io.marketpipe.binance;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.SerialRequests;
import io.marketpipe.toolkit.VenueRestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the diff-depth books of one connector in step with Binance, exactly as Binance documents:
 * buffer the diffs of a symbol, fetch a REST snapshot, drop what the snapshot already holds, bridge,
 * then follow the chain.
 *
 * <ul>
 *   <li>Spot: drop diffs with {@code u <= lastUpdateId}; the first applied has
 *       {@code U <= lastUpdateId+1 <= u}; afterwards each {@code U} is the previous {@code u}+1.</li>
 *   <li>USD-M and COIN-M futures: drop diffs with {@code u < lastUpdateId}; the first applied has
 *       {@code U <= lastUpdateId <= u}; afterwards each {@code pu} is the previous {@code u}.</li>
 * </ul>
 *
 * The chain reaches the core book engine as {@link BookDelta#prevSeq()}: the snapshot's
 * {@code lastUpdateId} for the bridging diff, then {@code U-1} (spot) or {@code pu} (futures); the
 * engine verifies it. A snapshot older than the first buffered diff is fetched again; one newer than
 * every buffered diff is applied and the book waits for the diff that bridges it. On a gap the book
 * is discarded and fetched again; the engine reports the gap and the resync as status events.
 *
 * <p>Snapshots are requested one at a time, in order, through the rate-limited transport, so a
 * reconnect of many symbols spreads their snapshots over time instead of sending a burst. All
 * methods but {@link #close()} are synchronized: diffs arrive on the connections' threads,
 * snapshots on the transport's.
 */
final class BinanceDepthSync
{
    private static final Logger log = LoggerFactory.getLogger(BinanceDepthSync.class);
    /** Diffs kept per symbol while its snapshot is on the way; the oldest go first beyond this. */
    static final int MAX_BUFFERED_UPDATES = 10_000;

    private final boolean futures;
    private final int snapshotDepth;
    private final BinanceRestClient rest;
    private final OrderBooks books;
    private final BookOptions options;
    private final ScheduledExecutorService scheduler;
    private final ReconnectPolicy policy;
    private final Metrics.Counter resyncs;
    private final Metrics.Counter snapshots;
    private final Metrics.Counter snapshotRetries;
    private final Metrics.Counter droppedUpdates;

    private final Map<Instrument, SymbolBook> symbols = new HashMap<>();
    private volatile boolean closed;
    private final SerialRequests<SymbolBook> snapshotRequests = new SerialRequests<>(this::sendSnapshotRequest, () -> closed);

    BinanceDepthSync(
            BinanceMarket market,
            int snapshotDepth,
            BinanceRestClient rest,
            OrderBooks books,
            BookOptions options,
            ScheduledExecutorService scheduler,
            ReconnectPolicy policy,
            Metrics metrics)
    {
        this.futures = requireNonNull(market, "market is null").isFutures();
        this.snapshotDepth = snapshotDepth;
        this.rest = requireNonNull(rest, "rest is null");
        this.books = requireNonNull(books, "books is null");
        this.options = requireNonNull(options, "options is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.resyncs = metrics.counter("depth.resyncs");
        this.snapshots = metrics.counter("depth.snapshot-requests");
        this.snapshotRetries = metrics.counter("depth.snapshot-retries");
        this.droppedUpdates = metrics.counter("depth.dropped-updates");
    }

    synchronized void update(BinanceDepthUpdate update)
    {
        if (closed) {
            return;
        }
        SymbolBook book = book(update.instrument());
        switch (book.state) {
            case UNSYNCED:
                if (book.restartedAfter != null) {
                    books.invalidate(book.instrument, "the diff stream restarted after: " + book.restartedAfter);
                    book.verified = false;
                    book.restartedAfter = null;
                }
                buffer(book, update);
                requestSnapshot(book);
                break;
            case BRIDGING:
                bridge(book, update);
                break;
            case SYNCED:
                apply(book, update, futures ? update.previousFinalUpdateId() : update.firstUpdateId() - 1);
                break;
        }
    }

    /**
     * The connection carrying these symbols dropped or was replaced: forget their buffers and
     * pending snapshots. A verified book is discarded when its diff stream restarts, on the first
     * diff of the new connection, so that a stream that simply ends (a replayed capture) is no gap.
     */
    synchronized void disconnected(Collection<Instrument> instruments, String reason)
    {
        for (Instrument instrument : instruments) {
            SymbolBook book = symbols.get(instrument);
            if (book != null) {
                book.generation++;
                book.cancelRetry();
                snapshotRequests.remove(book);
                book.snapshotPending = false;
                book.buffer.clear();
                book.state = State.UNSYNCED;
                if (book.verified) {
                    book.restartedAfter = reason;
                }
            }
        }
    }

    /**
     * Stops requesting snapshots and applying diffs. Takes no lock, so it never waits for a diff
     * being handled (whose publication a full consumer may hold up); requests and retries still
     * pending see the flag and end.
     */
    void close()
    {
        closed = true;
    }

    private SymbolBook book(Instrument instrument)
    {
        SymbolBook book = symbols.get(instrument);
        if (book == null) {
            books.configure(instrument, options);
            book = new SymbolBook(instrument);
            symbols.put(instrument, book);
        }
        return book;
    }

    private void buffer(SymbolBook book, BinanceDepthUpdate update)
    {
        if (book.buffer.size() >= MAX_BUFFERED_UPDATES) {
            book.buffer.pollFirst();
            droppedUpdates.inc();
        }
        book.buffer.addLast(update);
    }

    private void bridge(SymbolBook book, BinanceDepthUpdate update)
    {
        long lastUpdateId = book.lastUpdateId;
        if (futures ? update.finalUpdateId() < lastUpdateId : update.finalUpdateId() <= lastUpdateId) {
            return;
        }
        if (update.firstUpdateId() > (futures ? lastUpdateId : lastUpdateId + 1)) {
            String reason = "update " + update + " does not bridge the snapshot at lastUpdateId " + lastUpdateId + "; updates in between are missing";
            books.invalidate(book.instrument, reason);
            lostSync(book, update, reason);
            return;
        }
        apply(book, update, lastUpdateId);
    }

    private void apply(SymbolBook book, BinanceDepthUpdate update, long prevSeq)
    {
        ApplyResult result = books.apply(new BookDelta(update.instrument(), update.venueNanos(), update.receivedNanos(), prevSeq, update.finalUpdateId(), update.bids(), update.asks()));
        if (result.needsResync()) {
            lostSync(book, update, "update " + update + " after lastUpdateId " + book.lastUpdateId + ": " + result);
            return;
        }
        if (result == ApplyResult.APPLIED) {
            book.lastUpdateId = update.finalUpdateId();
        }
        if (book.state == State.BRIDGING) {
            // a futures diff ending exactly at lastUpdateId is already in the snapshot (STALE) yet bridges it
            book.state = State.SYNCED;
            book.failures = 0;
        }
    }

    /**
     * The book engine has reported the gap (and will report the resync); start over from a snapshot.
     */
    private void lostSync(SymbolBook book, BinanceDepthUpdate update, String reason)
    {
        log.debug("{}: {}; resyncing from a new snapshot", book.instrument, reason);
        resyncs.inc();
        book.verified = false;
        book.state = State.UNSYNCED;
        // the update that broke the chain is newer than anything the next snapshot must cover
        book.buffer.addFirst(update);
        requestSnapshot(book);
    }

    private void requestSnapshot(SymbolBook book)
    {
        if (book.snapshotPending) {
            return;
        }
        book.snapshotPending = true;
        snapshotRequests.add(book);
    }

    private void sendSnapshotRequest(SymbolBook book)
    {
        long generation = book.generation;
        snapshots.inc();
        CompletableFuture<BookSnapshot> snapshot;
        try {
            snapshot = rest.depthSnapshot(book.instrument, snapshotDepth);
        }
        catch (RuntimeException e) {
            snapshot = CompletableFuture.failedFuture(e);
        }
        snapshot.whenComplete((result, failure) -> snapshotArrived(book, generation, result, failure));
    }

    private synchronized void snapshotArrived(SymbolBook book, long generation, BookSnapshot snapshot, Throwable failure)
    {
        try {
            if (closed || generation != book.generation) {
                return;
            }
            book.snapshotPending = false;
            if (failure != null) {
                retryLater(book, "snapshot request failed: " + VenueRestClient.cause(failure).getMessage());
                return;
            }
            applySnapshot(book, snapshot);
        }
        finally {
            snapshotRequests.completed();
        }
    }

    private void applySnapshot(SymbolBook book, BookSnapshot snapshot)
    {
        long lastUpdateId = snapshot.seq();
        BinanceDepthUpdate first = book.buffer.peekFirst();
        if (first != null && first.firstUpdateId() > (futures ? lastUpdateId : lastUpdateId + 1)) {
            retryLater(book, "snapshot at lastUpdateId " + lastUpdateId + " is older than the first buffered update " + first);
            return;
        }
        ApplyResult result = books.apply(snapshot);
        if (result.needsResync()) {
            retryLater(book, "the book engine rejected the snapshot at lastUpdateId " + lastUpdateId + ": " + result);
            return;
        }
        book.verified = true;
        book.lastUpdateId = lastUpdateId;
        book.state = State.BRIDGING;
        while (book.state != State.UNSYNCED && !book.buffer.isEmpty()) {
            BinanceDepthUpdate update = book.buffer.pollFirst();
            if (book.state == State.BRIDGING) {
                bridge(book, update);
            }
            else {
                apply(book, update, futures ? update.previousFinalUpdateId() : update.firstUpdateId() - 1);
            }
        }
    }

    /**
     * Asks for another snapshot: at once the first time (a snapshot served from a stale cache),
     * then with growing pauses, so that a venue that keeps failing is not hammered.
     */
    private void retryLater(SymbolBook book, String reason)
    {
        snapshotRetries.inc();
        int failures = book.failures++;
        if (failures == 0) {
            log.debug("{}: {}; fetching another snapshot", book.instrument, reason);
            requestSnapshot(book);
            return;
        }
        Duration delay = policy.backoff(failures);
        log.info("{}: {}; fetching another snapshot in {} ms", book.instrument, reason, delay.toMillis());
        book.snapshotPending = true;
        long generation = book.generation;
        try {
            book.retry = scheduler.schedule(() -> retryDue(book, generation), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException e) {
            log.debug("{}: scheduler is shut down; no further snapshot", book.instrument);
        }
    }

    private synchronized void retryDue(SymbolBook book, long generation)
    {
        if (closed || generation != book.generation) {
            return;
        }
        book.retry = null;
        book.snapshotPending = false;
        requestSnapshot(book);
    }

    private enum State
    {
        /** No usable snapshot: diffs are buffered while one is fetched. */
        UNSYNCED,
        /** The snapshot is applied; waiting for the diff that bridges it. */
        BRIDGING,
        /** Following the diff chain. */
        SYNCED
    }

    private static final class SymbolBook
    {
        private final Instrument instrument;
        private final ArrayDeque<BinanceDepthUpdate> buffer = new ArrayDeque<>();
        private State state = State.UNSYNCED;
        private long lastUpdateId = -1;
        // bumped when the symbol's connection drops, so late snapshot answers are ignored
        private long generation;
        private boolean snapshotPending;
        private boolean verified;
        // why the connection of a verified book was lost, until the new connection's first diff
        private String restartedAfter;
        private int failures;
        private ScheduledFuture<?> retry;

        SymbolBook(Instrument instrument)
        {
            this.instrument = instrument;
        }

        void cancelRetry()
        {
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }
    }
}
