package io.marketpipe.core.book;

/**
 * Book verification counts of one or more book engines.
 *
 * @param books books kept: instruments that received a snapshot or were invalidated
 * @param booksVerified books currently verified
 * @param gaps sequence gaps detected or reported by connectors
 * @param resyncs books verified again by a snapshot after a failure
 * @param checksumMismatches books whose venue checksum disagreed
 * @param crossed books found crossed
 * @param checksumsVerified venue checksums that agreed with the book
 */
public record BookStats(long books, long booksVerified, long gaps, long resyncs, long checksumMismatches, long crossed, long checksumsVerified)
{
    public static final BookStats EMPTY = new BookStats(0, 0, 0, 0, 0, 0, 0);

    /**
     * Counts of books whose venue sends no checksum.
     */
    public BookStats(long books, long booksVerified, long gaps, long resyncs, long checksumMismatches, long crossed)
    {
        this(books, booksVerified, gaps, resyncs, checksumMismatches, crossed, 0);
    }

    public BookStats plus(BookStats other)
    {
        return new BookStats(
                books + other.books,
                booksVerified + other.booksVerified,
                gaps + other.gaps,
                resyncs + other.resyncs,
                checksumMismatches + other.checksumMismatches,
                crossed + other.crossed,
                checksumsVerified + other.checksumsVerified);
    }
}
