package io.marketpipe.core.internal.book;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.PipelineParts;
import io.marketpipe.core.book.BookStats;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * The order books of one connector: applies its snapshots and deltas on the connector's thread,
 * verifies the sequence chain, checksum and crossing, publishes {@link BookDepth} after every
 * applied message and a {@link SourceStatus} for every failure and resync. {@link #stats()} may be
 * read from any thread.
 */
public final class BookEngine
        implements PipelineParts.MeasuredBooks
{
    private final String connectorName;
    private final EventSink sink;
    private final MarketClock clock;
    private final Map<Instrument, OrderBook> books = new HashMap<>();
    // the book of the last delta: a venue's deltas come in runs for one instrument, and a book, once made, stays
    private Instrument lastInstrument;
    private OrderBook lastBook;

    private final AtomicLong trackedBooks = new AtomicLong();
    private final AtomicLong verifiedBooks = new AtomicLong();
    private final Tally gaps;
    private final Tally resyncs;
    private final Tally checksumMismatches;
    private final Tally crossed;
    private final Metrics.Counter checksumsVerified;
    private final Metrics.Counter applied;
    private final Metrics.Counter snapshots;
    private final Metrics.Counter stale;
    private final Metrics.Counter notSynced;

    public BookEngine(String connectorName, EventSink sink, Metrics metrics, MarketClock clock)
    {
        this.connectorName = requireNonNull(connectorName, "connectorName is null");
        this.sink = requireNonNull(sink, "sink is null");
        requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
        gaps = new Tally(metrics.counter("book.gaps"));
        resyncs = new Tally(metrics.counter("book.resyncs"));
        checksumMismatches = new Tally(metrics.counter("book.checksum-mismatches"));
        crossed = new Tally(metrics.counter("book.crossed"));
        checksumsVerified = metrics.counter("book.checksums-verified");
        applied = metrics.counter("book.applied");
        snapshots = metrics.counter("book.snapshots");
        stale = metrics.counter("book.stale");
        notSynced = metrics.counter("book.not-synced");
        metrics.gauge("book.books", trackedBooks::get);
        metrics.gauge("book.books-verified", verifiedBooks::get);
    }

    @Override
    public void configure(Instrument instrument, BookOptions options)
    {
        requireNonNull(options, "options is null");
        bookOf(instrument).configure(options);
    }

    @Override
    public ApplyResult apply(BookSnapshot snapshot)
    {
        OrderBook book = bookOf(snapshot.instrument());
        track(book);
        book.load(snapshot.seq(), snapshot.bids(), snapshot.asks());
        ApplyResult result = verify(book, snapshot.checksum(), snapshot.venueNanos(), snapshot.receivedNanos());
        if (result != ApplyResult.APPLIED) {
            return result;
        }
        applied.inc();
        snapshots.inc();
        if (book.resyncPending()) {
            book.resyncPending(false);
            resyncs.increment();
            publishStatus(book, snapshot.venueNanos(), snapshot.receivedNanos(), SourceStatus.Kind.RESYNC,
                    "book re-synchronised from snapshot at seq " + snapshot.seq());
        }
        verified(book, true);
        publishDepth(book, snapshot.venueNanos(), snapshot.receivedNanos(), true);
        return ApplyResult.APPLIED;
    }

    @Override
    public ApplyResult apply(BookDelta delta)
    {
        OrderBook book = delta.instrument() == lastInstrument ? lastBook : books.get(delta.instrument());
        if (book != null) {
            lastInstrument = delta.instrument();
            lastBook = book;
        }
        if (book == null || !book.verified()) {
            notSynced.inc();
            return ApplyResult.NOT_SYNCED;
        }
        if (delta.seq() != -1 && book.seq() != -1 && delta.seq() <= book.seq()) {
            stale.inc();
            return ApplyResult.STALE;
        }
        if (delta.prevSeq() != -1 && delta.prevSeq() != book.seq()) {
            return fail(book, ApplyResult.GAP, gaps, delta.venueNanos(), delta.receivedNanos(),
                    "sequence gap: expected prevSeq " + book.seq() + ", got " + delta.prevSeq() + " (delta seq " + delta.seq() + ")");
        }
        book.apply(delta.seq(), delta.bids(), delta.asks());
        ApplyResult result = verify(book, delta.checksum(), delta.venueNanos(), delta.receivedNanos());
        if (result != ApplyResult.APPLIED) {
            return result;
        }
        applied.inc();
        publishDepth(book, delta.venueNanos(), delta.receivedNanos(), false);
        return ApplyResult.APPLIED;
    }

    @Override
    public void invalidate(Instrument instrument, String reason)
    {
        requireNonNull(reason, "reason is null");
        OrderBook book = bookOf(instrument);
        track(book);
        book.discard();
        fail(book, ApplyResult.GAP, gaps, 0, clock.nowNanos(), reason);
    }

    @Override
    public Optional<BookView> book(Instrument instrument)
    {
        requireNonNull(instrument, "instrument is null");
        OrderBook book = books.get(instrument);
        return book != null && book.loaded() ? Optional.of(book) : Optional.empty();
    }

    /**
     * @return the current counts; safe to call from any thread
     */
    @Override
    public BookStats stats()
    {
        return new BookStats(
                trackedBooks.get(),
                verifiedBooks.get(),
                gaps.total(),
                resyncs.total(),
                checksumMismatches.total(),
                crossed.total(),
                checksumsVerified.count());
    }

    private OrderBook bookOf(Instrument instrument)
    {
        requireNonNull(instrument, "instrument is null");
        return books.computeIfAbsent(instrument, OrderBook::new);
    }

    private void track(OrderBook book)
    {
        if (!book.tracked()) {
            book.track();
            trackedBooks.incrementAndGet();
        }
    }

    private ApplyResult verify(OrderBook book, long checksum, long venueNanos, long receivedNanos)
    {
        BookChecksum algorithm = book.options().checksum();
        if (algorithm != null && checksum != BookDelta.NO_CHECKSUM) {
            long computed = algorithm.compute(book);
            if (computed != checksum) {
                return fail(book, ApplyResult.CHECKSUM_MISMATCH, checksumMismatches, venueNanos, receivedNanos,
                        "checksum mismatch at seq " + book.seq() + ": expected " + checksum + " from the venue, computed " + computed);
            }
            checksumsVerified.inc();
        }
        PriceLevel bestBid = book.bestBidLevel();
        PriceLevel bestAsk = book.bestAskLevel();
        if (bestBid != null && bestAsk != null && bestBid.price().compareTo(bestAsk.price()) >= 0) {
            return fail(book, ApplyResult.CROSSED, crossed, venueNanos, receivedNanos,
                    "crossed book at seq " + book.seq() + ": best bid " + bestBid.price() + " >= best ask " + bestAsk.price());
        }
        return ApplyResult.APPLIED;
    }

    private ApplyResult fail(OrderBook book, ApplyResult result, Tally tally, long venueNanos, long receivedNanos, String reason)
    {
        verified(book, false);
        book.resyncPending(true);
        tally.increment();
        publishStatus(book, venueNanos, receivedNanos, statusKind(result), reason);
        return result;
    }

    private static SourceStatus.Kind statusKind(ApplyResult result)
    {
        return switch (result) {
            case GAP -> SourceStatus.Kind.GAP;
            case CHECKSUM_MISMATCH -> SourceStatus.Kind.CHECKSUM_MISMATCH;
            case CROSSED -> SourceStatus.Kind.CROSSED_BOOK;
            default -> throw new IllegalArgumentException("not a failure: " + result);
        };
    }

    private void verified(OrderBook book, boolean verified)
    {
        if (book.verified() != verified) {
            book.verified(verified);
            verifiedBooks.addAndGet(verified ? 1 : -1);
        }
    }

    private void publishStatus(OrderBook book, long venueNanos, long receivedNanos, SourceStatus.Kind kind, String reason)
    {
        Instrument instrument = book.instrument();
        sink.accept(new SourceStatus(connectorName, instrument.venue(), instrument.market(), instrument, venueNanos, receivedNanos, kind, reason));
    }

    private void publishDepth(OrderBook book, long venueNanos, long receivedNanos, boolean snapshot)
    {
        int depth = book.options().publishDepth();
        sink.accept(new BookDepth(book.instrument(), venueNanos, receivedNanos, book.seq(), book.topBids(depth), book.topAsks(depth), snapshot));
    }

    /**
     * A count kept both for {@link #stats()} and in the connector's metrics.
     */
    private static final class Tally
    {
        private final AtomicLong total = new AtomicLong();
        private final Metrics.Counter counter;

        Tally(Metrics.Counter counter)
        {
            this.counter = requireNonNull(counter, "counter is null");
        }

        void increment()
        {
            total.incrementAndGet();
            counter.inc();
        }

        long total()
        {
            return total.get();
        }
    }
}
