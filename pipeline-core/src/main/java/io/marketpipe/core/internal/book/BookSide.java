package io.marketpipe.core.internal.book;

import io.marketpipe.api.model.PriceLevel;

import java.util.List;

/**
 * The levels of one side of a book, best first.
 */
interface BookSide
{
    /**
     * Sets the level at the level's price, or removes it when its size is zero.
     *
     * @return false when this side cannot hold the price; the side is then unchanged
     */
    boolean update(PriceLevel level);

    int size();

    /**
     * @return the best level, or null when the side is empty
     */
    PriceLevel best();

    /**
     * @return the best {@code n} levels, best first, as an immutable list
     */
    List<PriceLevel> top(int n);

    /**
     * Drops the worst levels so that at most {@code maxDepth} remain.
     */
    void truncate(int maxDepth);
}
