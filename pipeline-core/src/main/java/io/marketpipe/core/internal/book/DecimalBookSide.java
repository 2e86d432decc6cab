package io.marketpipe.core.internal.book;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;

/**
 * A book side keyed by exact decimal price, for the rare book whose prices do not fit a scaled
 * long. Slower than {@link ScaledBookSide}, but it holds any price.
 */
final class DecimalBookSide
        implements BookSide
{
    private final TreeMap<Decimal, PriceLevel> levels;

    DecimalBookSide(boolean bids)
    {
        levels = new TreeMap<>(bids ? Comparator.<Decimal>reverseOrder() : Comparator.<Decimal>naturalOrder());
    }

    static DecimalBookSide copyOf(BookSide side, boolean bids)
    {
        DecimalBookSide copy = new DecimalBookSide(bids);
        for (PriceLevel level : side.top(side.size())) {
            copy.levels.put(level.price(), level);
        }
        return copy;
    }

    @Override
    public boolean update(PriceLevel level)
    {
        if (level.size().isZero()) {
            levels.remove(level.price());
        }
        else {
            levels.put(level.price(), level);
        }
        return true;
    }

    @Override
    public int size()
    {
        return levels.size();
    }

    @Override
    public PriceLevel best()
    {
        return levels.isEmpty() ? null : levels.firstEntry().getValue();
    }

    @Override
    public List<PriceLevel> top(int n)
    {
        PriceLevel[] top = new PriceLevel[Math.min(n, levels.size())];
        Iterator<PriceLevel> iterator = levels.values().iterator();
        for (int i = 0; i < top.length; i++) {
            top[i] = iterator.next();
        }
        return List.of(top);
    }

    @Override
    public void truncate(int maxDepth)
    {
        while (levels.size() > maxDepth) {
            levels.pollLastEntry();
        }
    }
}
