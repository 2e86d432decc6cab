package io.marketpipe.okx;

import io.marketpipe.api.book.ApplyResult;
import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.StreamConnection;
import io.marketpipe.toolkit.StreamShard;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Keeps the books OKX pushes over WebSocket verified: each starts from the channel's snapshot;
 * every update must name the previous update's {@code seqId} as its {@code prevSeqId} (OKX's
 * keep-alive update, with no levels and {@code seqId == prevSeqId}, included; after maintenance
 * the ids restart lower, which continues the chain); the core engine checks the CRC32 checksum
 * and crossing. Recordings from before sequence ids rely on the checksum alone.
 *
 * <p>A gap, a checksum mismatch, a crossed book or an update without a snapshot unsubscribes
 * and subscribes the book's channel again ({@code book.resubscribes}), which makes OKX send a
 * fresh snapshot; updates arriving meanwhile are dropped ({@code book.updates-awaiting-snapshot}).
 *
 * <p>An instrument's book arrives on one connection, whose thread calls {@link #apply}.
 */
final class OkxBooks
{
    private final OrderBooks books;
    private final BookOptions options;
    private final Map<Instrument, BookState> states = new ConcurrentHashMap<>();
    private final Metrics.Counter resubscribes;
    private final Metrics.Counter awaitingSnapshot;
    private final Metrics.Counter keepAlives;
    private final Metrics.Counter sequenceResets;

    /**
     * @param options the options every book gets; the channel's depth is set per book
     */
    OkxBooks(OrderBooks books, BookOptions options, Metrics metrics)
    {
        this.books = requireNonNull(books, "books is null");
        this.options = requireNonNull(options, "options is null").withChecksum(OkxBookChecksum.INSTANCE);
        this.resubscribes = metrics.counter("book.resubscribes");
        this.awaitingSnapshot = metrics.counter("book.updates-awaiting-snapshot");
        this.keepAlives = metrics.counter("book.keep-alives");
        this.sequenceResets = metrics.counter("book.sequence-resets");
    }

    /**
     * @param connection the connection the message came on, through which the book is resubscribed
     */
    void apply(OkxBookMessage message, StreamConnection connection)
    {
        Instrument instrument = message.instrument();
        BookState state = states.computeIfAbsent(instrument, key -> {
            books.configure(key, options.withMaxDepth(depth(message.channel())));
            return new BookState();
        });
        if (message.snapshot()) {
            state.awaitingSnapshot = false;
            ApplyResult result = books.apply(new BookSnapshot(instrument, message.venueNanos(), message.receivedNanos(), message.seqId(),
                    message.bids(), message.asks(), message.checksum()));
            state.lastSeqId = message.seqId();
            if (result.needsResync()) {
                resubscribe(state, message, connection, "the snapshot failed: " + result);
            }
            return;
        }
        if (state.awaitingSnapshot) {
            awaitingSnapshot.inc();
            return;
        }
        if (message.seqId() != -1 && state.lastSeqId != -1 && message.prevSeqId() != state.lastSeqId) {
            String reason = "sequence gap: prevSeqId " + message.prevSeqId() + " does not follow seqId " + state.lastSeqId;
            books.invalidate(instrument, reason);
            resubscribe(state, message, connection, reason);
            return;
        }
        if (message.keepAlive()) {
            keepAlives.inc();
            return;
        }
        long seq = message.seqId();
        if (message.sequenceReset()) {
            sequenceResets.inc();
            // the engine takes a lower seqId for stale; the chain was checked above
            seq = -1;
        }
        ApplyResult result = books.apply(new BookDelta(instrument, message.venueNanos(), message.receivedNanos(), -1, seq,
                message.bids(), message.asks(), message.checksum()));
        if (result == ApplyResult.APPLIED) {
            state.lastSeqId = message.seqId();
        }
        else if (result.needsResync()) {
            resubscribe(state, message, connection, result == ApplyResult.NOT_SYNCED ? "an update arrived before any snapshot" : "the book failed: " + result);
        }
    }

    /**
     * The shard's connection dropped: its books wait for the snapshot the next subscription brings.
     */
    void disconnected(StreamShard shard)
    {
        for (Instrument instrument : shard.instruments()) {
            BookState state = states.get(instrument);
            if (state != null) {
                state.awaitingSnapshot = true;
                state.lastSeqId = -1;
            }
        }
    }

    private void resubscribe(BookState state, OkxBookMessage message, StreamConnection connection, String reason)
    {
        state.awaitingSnapshot = true;
        state.lastSeqId = -1;
        resubscribes.inc();
        connection.resubscribe(List.of(OkxChannels.stream(message.channel(), message.instrument().nativeSymbol())), reason);
    }

    private static int depth(String channel)
    {
        switch (channel) {
            case "books5":
                return 5;
            case "books50-l2-tbt":
                return 50;
            default:
                return 400;
        }
    }

    private static final class BookState
    {
        // both touched only by the thread of the connection carrying the book
        private long lastSeqId = -1;
        private boolean awaitingSnapshot;
    }
}
