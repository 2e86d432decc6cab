package io.marketpipe.api.book;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Instrument;

import java.util.Optional;

/**
 * The core order book engine, offered to connectors as a host service.
 *
 * <p>A connector decodes its venue's book messages and applies them here, on its own thread,
 * one instrument at a time. The engine keeps an exact L2 book per instrument, checks the
 * sequence chain ({@link BookDelta#prevSeq()}), the venue checksum ({@link BookOptions#checksum()})
 * and crossing, publishes a {@link io.marketpipe.api.model.BookDepth} event after every applied
 * message, and counts gaps, resyncs and mismatches. When a result is not
 * {@link ApplyResult#APPLIED}, the book is unverified until the connector applies a fresh
 * snapshot: that is the connector's cue to resync.
 *
 * @since 0.1
 */
public interface OrderBooks
{
    /**
     * Sets the rules for one instrument's book; call before its first snapshot. Books of
     * instruments never configured use {@link BookOptions#DEFAULT}.
     */
    void configure(Instrument instrument, BookOptions options);

    /**
     * Replaces the book with a snapshot. The book is verified afterwards unless the snapshot's
     * own checksum fails or it is crossed.
     */
    ApplyResult apply(BookSnapshot snapshot);

    /**
     * Applies a delta to a verified book.
     */
    ApplyResult apply(BookDelta delta);

    /**
     * Discards the book (after a disconnect, or a gap the connector detected itself) and counts a
     * gap with the given reason. The book is unverified until the next snapshot.
     */
    void invalidate(Instrument instrument, String reason);

    /**
     * @return a read-only view of the instrument's current book, if it has one
     */
    Optional<BookView> book(Instrument instrument);
}
