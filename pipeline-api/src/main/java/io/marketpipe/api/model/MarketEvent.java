package io.marketpipe.api.model;

/**
 * A canonical market-data event. Events are immutable and safe to share between threads.
 *
 * <p>Every event carries two clocks, both in nanoseconds since the Unix epoch: the venue's own
 * timestamp ({@link #venueNanos()}, 0 when the venue sent none) and the local receive time of
 * the frame that carried it ({@link #receivedNanos()}; in replay, the recorded receive time).
 *
 * @since 0.1
 */
public interface MarketEvent
{
    /**
     * @return the instrument the event is about; null only for a {@link SourceStatus} about a
     *         whole connection
     */
    Instrument instrument();

    /**
     * @return the venue's timestamp in epoch nanoseconds, 0 when unknown
     */
    long venueNanos();

    /**
     * @return the local receive time in epoch nanoseconds
     */
    long receivedNanos();

    /**
     * @return the canonical type name used in JSON output and topic names:
     *         {@code trade}, {@code quote}, {@code ticker}, {@code book}, {@code candle},
     *         {@code funding}, {@code indicator}, {@code status}, {@code dividend},
     *         {@code split}, ...
     */
    String type();

    /**
     * @return the venue timestamp in epoch milliseconds, or the receive time when the venue sent none
     */
    default long timestampMillis()
    {
        long nanos = venueNanos() != 0 ? venueNanos() : receivedNanos();
        return Math.floorDiv(nanos, 1_000_000L);
    }
}
