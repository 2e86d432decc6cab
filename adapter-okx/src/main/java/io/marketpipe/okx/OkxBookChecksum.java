package io.marketpipe.okx;

import io.marketpipe.api.book.BookChecksum;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.toolkit.ChecksumText;

import java.util.List;

/**
 * OKX's book checksum: the CRC32 of the best 25 bids and asks interleaved as
 * {@code bidPx:bidSz:askPx:askSz:...} (the deeper side's remaining levels follow alone), prices
 * and sizes written exactly as OKX sent them, read as a signed 32-bit integer.
 */
final class OkxBookChecksum
        implements BookChecksum
{
    static final int LEVELS = 25;
    static final OkxBookChecksum INSTANCE = new OkxBookChecksum();

    private OkxBookChecksum() {}

    @Override
    public long compute(BookView book)
    {
        return of(book.topBids(LEVELS), book.topAsks(LEVELS));
    }

    /**
     * @param bids the best bids, best first
     * @param asks the best asks, best first
     */
    static int of(List<PriceLevel> bids, List<PriceLevel> asks)
    {
        ChecksumText text = new ChecksumText(LEVELS * 4 * 12);
        int levels = Math.min(LEVELS, Math.max(bids.size(), asks.size()));
        for (int i = 0; i < levels; i++) {
            if (i < bids.size()) {
                append(text, bids.get(i));
            }
            if (i < asks.size()) {
                append(text, asks.get(i));
            }
        }
        return (int) text.crc32();
    }

    private static void append(ChecksumText text, PriceLevel level)
    {
        if (text.length() > 0) {
            text.append(':');
        }
        // Decimal keeps the scale it was parsed with, so this is the string OKX sent
        text.appendPlain(level.price()).append(':').appendPlain(level.size());
    }
}
