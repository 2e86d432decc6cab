package io.marketpipe.api.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * An incremental order book change as the venue sent it. A level with size zero is removed.
 *
 * <p>The sequence fields express every venue's rule in one form: the delta applies on top of a
 * book whose last applied sequence is {@code prevSeq}, and leaves it at {@code seq}. The
 * connector translates its venue's rule (Binance spot {@code U-1}, Binance futures {@code pu},
 * OKX {@code prevSeqId}, the bridging message right after a snapshot) and the core book engine
 * checks the chain. {@code prevSeq = -1} means the venue has no chain for this message (Kraken,
 * Coinbase level2) and only the checksum, if any, verifies the book.
 *
 * @param prevSeq the sequence the book must be at for this delta to apply, or -1 for no check
 * @param seq the sequence the book is at after this delta, or -1 when the venue has none
 * @param checksum the venue's checksum of the book after this delta, or {@link #NO_CHECKSUM}
 * @since 0.1
 */
public record BookDelta(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        long prevSeq,
        long seq,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        long checksum)
        implements MarketEvent
{
    /** The value of {@code checksum} when the venue sent none. */
    public static final long NO_CHECKSUM = Long.MIN_VALUE;

    public BookDelta
    {
        requireNonNull(instrument, "instrument is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    public BookDelta(Instrument instrument, long venueNanos, long receivedNanos, long prevSeq, long seq, List<PriceLevel> bids, List<PriceLevel> asks)
    {
        this(instrument, venueNanos, receivedNanos, prevSeq, seq, bids, asks, NO_CHECKSUM);
    }

    /**
     * @return true when the venue sent a checksum with this delta
     */
    public boolean hasChecksum()
    {
        return checksum != NO_CHECKSUM;
    }

    @Override
    public String type()
    {
        return "book_delta";
    }
}
