package io.marketpipe.okx;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;

import java.util.List;

/**
 * One book entry of a {@code books*} frame, as OKX sent it.
 *
 * @param channel {@code books}, {@code books5}, {@code books50-l2-tbt} or {@code books-l2-tbt}
 * @param snapshot true for {@code action = snapshot} and for {@code books5}, which always sends the whole image
 * @param seqId the entry's sequence id, or -1 where OKX sent none (recordings from before sequence ids)
 * @param prevSeqId the sequence id of the previous entry, or -1 (snapshots, recordings without ids)
 * @param checksum OKX's CRC32 of the resulting top 25 levels, or {@link io.marketpipe.api.model.BookDelta#NO_CHECKSUM}
 *        when absent or zero
 */
record OkxBookMessage(
        Instrument instrument,
        String channel,
        boolean snapshot,
        long venueNanos,
        long receivedNanos,
        long seqId,
        long prevSeqId,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        long checksum)
{
    /**
     * @return true for the update OKX sends when nothing changed for a while: no levels, and the
     *         sequence id equal to the previous one
     */
    boolean keepAlive()
    {
        return !snapshot && bids.isEmpty() && asks.isEmpty() && seqId != -1 && seqId == prevSeqId;
    }

    /**
     * @return true for the first update after OKX's maintenance, whose sequence id restarts below the previous one
     */
    boolean sequenceReset()
    {
        return !snapshot && seqId != -1 && prevSeqId != -1 && seqId < prevSeqId;
    }
}
