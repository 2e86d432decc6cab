package io.marketpipe.api.book;

import io.marketpipe.api.model.BookDelta;

/**
 * A venue's book checksum algorithm (OKX and Kraken CRC32 over the top levels, ...).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface BookChecksum
{
    /**
     * Computes the checksum of the book after a message was applied, in the same number space the
     * venue sends ({@link BookDelta#checksum()}): a signed int widened to long for OKX, an
     * unsigned int for Kraken.
     */
    long compute(BookView book);
}
