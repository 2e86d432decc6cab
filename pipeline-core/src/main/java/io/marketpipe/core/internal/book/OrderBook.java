package io.marketpipe.core.internal.book;

import io.marketpipe.api.book.BookOptions;
import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * One instrument's book and its verification state, kept by {@link BookEngine} on the
 * connector's thread.
 */
final class OrderBook
        implements BookView
{
    private final Instrument instrument;
    private BookOptions options = BookOptions.DEFAULT;
    private BookSide bids = new ScaledBookSide(true, 0, 0);
    private BookSide asks = new ScaledBookSide(false, 0, 0);
    private long seq = -1;
    private boolean loaded;
    private boolean verified;
    private boolean tracked;
    private boolean resyncPending;

    OrderBook(Instrument instrument)
    {
        this.instrument = requireNonNull(instrument, "instrument is null");
    }

    BookOptions options()
    {
        return options;
    }

    void configure(BookOptions options)
    {
        this.options = requireNonNull(options, "options is null");
    }

    /**
     * Replaces the levels with a snapshot's, truncated to the maximum depth.
     */
    void load(long seq, List<PriceLevel> bidLevels, List<PriceLevel> askLevels)
    {
        bids = new ScaledBookSide(true, scaleOf(bidLevels), bidLevels.size());
        asks = new ScaledBookSide(false, scaleOf(askLevels), askLevels.size());
        update(bidLevels, askLevels);
        this.seq = seq;
        loaded = true;
    }

    /**
     * Applies a delta's levels, truncated to the maximum depth, and moves the book to its sequence.
     */
    void apply(long seq, List<PriceLevel> bidLevels, List<PriceLevel> askLevels)
    {
        update(bidLevels, askLevels);
        this.seq = seq;
    }

    /**
     * Drops every level; the book has no image until the next snapshot.
     */
    void discard()
    {
        bids = new ScaledBookSide(true, 0, 0);
        asks = new ScaledBookSide(false, 0, 0);
        seq = -1;
        loaded = false;
    }

    private void update(List<PriceLevel> bidLevels, List<PriceLevel> askLevels)
    {
        for (int i = 0; i < bidLevels.size(); i++) {
            PriceLevel level = bidLevels.get(i);
            if (!bids.update(level)) {
                bids = DecimalBookSide.copyOf(bids, true);
                bids.update(level);
            }
        }
        for (int i = 0; i < askLevels.size(); i++) {
            PriceLevel level = askLevels.get(i);
            if (!asks.update(level)) {
                asks = DecimalBookSide.copyOf(asks, false);
                asks.update(level);
            }
        }
        int maxDepth = options.maxDepth();
        if (maxDepth > 0) {
            bids.truncate(maxDepth);
            asks.truncate(maxDepth);
        }
    }

    private static int scaleOf(List<PriceLevel> levels)
    {
        int scale = 0;
        for (PriceLevel level : levels) {
            // a price too large or too fine for the compact form says nothing about the others
            if (level.price().isCompact()) {
                scale = Math.max(scale, level.price().scale());
            }
        }
        return scale;
    }

    /**
     * @return true when the book has an image: a snapshot was applied and it was not discarded since
     */
    boolean loaded()
    {
        return loaded;
    }

    void verified(boolean verified)
    {
        this.verified = verified;
    }

    /**
     * @return true once the book counts towards the engine's books
     */
    boolean tracked()
    {
        return tracked;
    }

    void track()
    {
        tracked = true;
    }

    /**
     * @return true when the book failed since its last verified snapshot, so the next one is a resync
     */
    boolean resyncPending()
    {
        return resyncPending;
    }

    void resyncPending(boolean pending)
    {
        resyncPending = pending;
    }

    PriceLevel bestBidLevel()
    {
        return bids.best();
    }

    PriceLevel bestAskLevel()
    {
        return asks.best();
    }

    @Override
    public Instrument instrument()
    {
        return instrument;
    }

    @Override
    public long seq()
    {
        return seq;
    }

    @Override
    public boolean verified()
    {
        return verified;
    }

    @Override
    public int bidLevels()
    {
        return bids.size();
    }

    @Override
    public int askLevels()
    {
        return asks.size();
    }

    @Override
    public List<PriceLevel> topBids(int n)
    {
        return bids.top(checkCount(n));
    }

    @Override
    public List<PriceLevel> topAsks(int n)
    {
        return asks.top(checkCount(n));
    }

    @Override
    public Decimal bestBid()
    {
        PriceLevel best = bids.best();
        return best == null ? null : best.price();
    }

    @Override
    public Decimal bestAsk()
    {
        PriceLevel best = asks.best();
        return best == null ? null : best.price();
    }

    private static int checkCount(int n)
    {
        if (n < 0) {
            throw new IllegalArgumentException("level count is negative: " + n);
        }
        return n;
    }

    @Override
    public String toString()
    {
        return "OrderBook{" + instrument + ", seq " + seq + ", " + bids.size() + " bids, " + asks.size() + " asks" + (verified ? ", verified" : "") + "}";
    }
}
