package io.marketpipe.api.book;

/**
 * How the core engine keeps one instrument's book.
 *
 * @param maxDepth the number of levels per side the venue maintains for this subscription; levels
 *        beyond it are dropped after every message (Kraken sends no deletes for levels that fall
 *        out of the subscribed depth). 0 means unlimited
 * @param checksum the venue's checksum algorithm, or null when the venue sends none
 * @param publishDepth how many levels per side the published {@link io.marketpipe.api.model.BookDepth}
 *        events carry
 * @since 0.1
 */
public record BookOptions(int maxDepth, BookChecksum checksum, int publishDepth)
{
    /** Unlimited depth, no checksum, 10 published levels. */
    public static final BookOptions DEFAULT = new BookOptions(0, null, 10);

    public BookOptions
    {
        if (maxDepth < 0) {
            throw new IllegalArgumentException("maxDepth is negative: " + maxDepth);
        }
        if (publishDepth < 1) {
            throw new IllegalArgumentException("publishDepth must be at least 1: " + publishDepth);
        }
    }

    public BookOptions withMaxDepth(int depth)
    {
        return new BookOptions(depth, checksum, publishDepth);
    }

    public BookOptions withChecksum(BookChecksum algorithm)
    {
        return new BookOptions(maxDepth, algorithm, publishDepth);
    }

    public BookOptions withPublishDepth(int depth)
    {
        return new BookOptions(maxDepth, checksum, depth);
    }
}
