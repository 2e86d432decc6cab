package io.marketpipe.api.book;

/**
 * The outcome of applying a book message.
 *
 * @since 0.1
 */
public enum ApplyResult
{
    /** Applied; the book is verified and a depth event was published. */
    APPLIED,
    /** The delta does not follow the book's sequence; the book is now unverified. */
    GAP,
    /** The venue checksum disagrees with the book after applying; the book is now unverified. */
    CHECKSUM_MISMATCH,
    /** The best bid is at or above the best ask after applying; the book is now unverified. */
    CROSSED,
    /** A delta arrived while the book has no verified snapshot; it was ignored. */
    NOT_SYNCED,
    /** The delta is entirely older than the book (seq at or below the book's); it was ignored. */
    STALE;

    /**
     * @return true when the connector must fetch or await a fresh snapshot
     */
    public boolean needsResync()
    {
        return this == GAP || this == CHECKSUM_MISMATCH || this == CROSSED || this == NOT_SYNCED;
    }
}
