package io.marketpipe.api.model;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A full order book image as the venue sent it (a REST snapshot or a WebSocket snapshot
 * message), before the core book engine has applied it.
 *
 * <p>Connectors hand snapshots to {@link io.marketpipe.api.book.OrderBooks#apply(BookSnapshot)};
 * subscribers see the verified result as {@link BookDepth} events.
 *
 * @param seq the venue's sequence or update id of the snapshot ({@code lastUpdateId}, {@code seqId}), or -1
 * @param bids bid levels, best (highest) first
 * @param asks ask levels, best (lowest) first
 * @param checksum the venue's checksum of the resulting book, or {@link BookDelta#NO_CHECKSUM}
 * @since 0.1
 */
public record BookSnapshot(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        long seq,
        List<PriceLevel> bids,
        List<PriceLevel> asks,
        long checksum)
        implements MarketEvent
{
    public BookSnapshot
    {
        requireNonNull(instrument, "instrument is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
    }

    public BookSnapshot(Instrument instrument, long venueNanos, long receivedNanos, long seq, List<PriceLevel> bids, List<PriceLevel> asks)
    {
        this(instrument, venueNanos, receivedNanos, seq, bids, asks, BookDelta.NO_CHECKSUM);
    }

    @Override
    public String type()
    {
        return "book_snapshot";
    }
}
