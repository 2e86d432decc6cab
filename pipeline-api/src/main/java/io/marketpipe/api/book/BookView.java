package io.marketpipe.api.book;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;

import java.util.List;

/**
 * A read-only view of one order book. Only valid on the thread that applies the book's messages
 * (the connector's), for example inside a {@link BookChecksum}.
 *
 * @since 0.1
 */
public interface BookView
{
    Instrument instrument();

    /**
     * @return the sequence of the last applied message, or -1 when the venue has none
     */
    long seq();

    /**
     * @return true when the book has a snapshot and every message since applied cleanly
     */
    boolean verified();

    int bidLevels();

    int askLevels();

    /**
     * @return the best {@code n} bids, best first (fewer when the side is shallower)
     */
    List<PriceLevel> topBids(int n);

    /**
     * @return the best {@code n} asks, best first
     */
    List<PriceLevel> topAsks(int n);

    /**
     * @return the best bid price, or null when the side is empty
     */
    Decimal bestBid();

    /**
     * @return the best ask price, or null when the side is empty
     */
    Decimal bestAsk();
}
