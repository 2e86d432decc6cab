package io.marketpipe.core.internal.book;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.util.Arrays;
import java.util.List;

/**
 * A book side keyed by price as a long scaled to the side's scale, in a sorted array with free
 * room at both ends. Keys ascend from the worst level to the best, so the levels venues touch most
 * sit at the end of the array, where inserting or removing one moves few elements, and dropping
 * the worst levels beyond the maximum depth only advances the start. Ask keys are negated prices,
 * so that one ascending order serves both sides.
 *
 * <p>A price with more decimals than the side's scale widens the scale of every key; a price that
 * cannot be keyed at all is refused, and the book falls back to a {@link DecimalBookSide}.
 */
final class ScaledBookSide
        implements BookSide
{
    private static final int MIN_CAPACITY = 64;
    // below this, a plain binary search takes as few steps as estimating the position
    private static final int INTERPOLATION_MIN_LEVELS = 16;

    private final boolean bids;
    private int scale;
    private long[] keys;
    private PriceLevel[] levels;
    private int start;
    private int end;
    // the last list top(publishedCount) returned, while no change has reached into it
    private List<PriceLevel> published;
    private int publishedCount;

    /**
     * @param scale the initial number of decimals of the keys
     * @param expectedLevels how many levels the side is about to receive
     */
    ScaledBookSide(boolean bids, int scale, int expectedLevels)
    {
        if (scale < 0 || scale > Decimal.MAX_COMPACT_SCALE) {
            throw new IllegalArgumentException("scale out of range: " + scale);
        }
        this.bids = bids;
        this.scale = scale;
        int capacity = Math.max(MIN_CAPACITY, expectedLevels * 2);
        keys = new long[capacity];
        levels = new PriceLevel[capacity];
        // venues send snapshots best first, which fills the lower half from the middle down
        start = capacity / 2;
        end = start;
    }

    /**
     * @return the number of decimals the keys currently have
     */
    int scale()
    {
        return scale;
    }

    @Override
    public boolean update(PriceLevel level)
    {
        Decimal price = level.price();
        boolean remove = level.size().isZero();
        long key;
        try {
            key = key(price, scale);
        }
        catch (ArithmeticException notRepresentable) {
            // every level held is representable, so a price that is not cannot be in the side
            if (remove) {
                return true;
            }
            if (!widenFor(price)) {
                return false;
            }
            key = key(price, scale);
        }
        int index = search(key);
        if (index >= 0) {
            touched(index, end);
            if (remove) {
                removeAt(index);
            }
            else {
                levels[index] = level;
            }
        }
        else if (!remove) {
            // after the insert, the level sits at the insertion point, or one below when the lower part moved down
            touched(-index - 1, end + 1);
            insertAt(-index - 1, key, level);
        }
        return true;
    }

    /**
     * Finds a key as {@link Arrays#binarySearch(long[], int, int, long)} does. A book's prices sit
     * on a tick grid, most of them a tick or a few apart, so the position of a key is first
     * estimated as if the keys were evenly spaced; from there the search gallops to the nearest
     * keys around it and looks between them. A book that fills its grid is found in a few
     * steps; one with uneven gaps still takes at most about twice the steps of a binary search.
     */
    private int search(long key)
    {
        int n = end - start;
        if (n < INTERPOLATION_MIN_LEVELS) {
            return binarySearch(start, n, key);
        }
        long first = keys[start];
        long last = keys[end - 1];
        if (key >= last) {
            return key == last ? end - 1 : -end - 1;
        }
        if (key <= first) {
            return key == first ? start : -start - 1;
        }
        // first < key < last, so the keys around the estimate are bounded by both ends
        int guess = start + (int) (((double) key - first) / ((double) last - first) * (n - 1));
        guess = Math.min(Math.max(guess, start + 1), end - 2);
        int below;
        int above;
        if (keys[guess] < key) {
            below = guess;
            above = guess + 1;
            for (int step = 2; keys[above] < key; step <<= 1) {
                below = above;
                above = Math.min(guess + step, end - 1);
            }
        }
        else {
            above = guess;
            below = guess - 1;
            for (int step = 2; keys[below] >= key; step <<= 1) {
                above = below;
                below = Math.max(guess - step, start);
            }
        }
        // keys[below] < key <= keys[above]
        return binarySearch(below + 1, above - below, key);
    }

    /**
     * A binary search of {@code count} keys from {@code from} without a branch per step that depends
     * on the data (a conditional move instead), which a random walk through the keys mispredicts
     * half the time.
     */
    private int binarySearch(int from, int count, long key)
    {
        if (count == 0) {
            return -from - 1;
        }
        int base = from;
        int n = count;
        while (n > 1) {
            int half = n >>> 1;
            base = keys[base + half] <= key ? base + half : base;
            n -= half;
        }
        // the last key not above the key sought, or the first key when all are above it
        long found = keys[base];
        if (found == key) {
            return base;
        }
        return found < key ? -base - 2 : -base - 1;
    }

    /**
     * Forgets the published top when a change at this index reaches into it.
     *
     * @param endAfter the end of the levels after the change
     */
    private void touched(int index, int endAfter)
    {
        if (index >= endAfter - 1 - publishedCount) {
            published = null;
        }
    }

    @Override
    public int size()
    {
        return end - start;
    }

    @Override
    public PriceLevel best()
    {
        return end > start ? levels[end - 1] : null;
    }

    @Override
    public List<PriceLevel> top(int n)
    {
        // a book publishes its top after every update, which most often changes deeper levels only
        if (published != null && n == publishedCount) {
            return published;
        }
        int count = Math.min(n, end - start);
        PriceLevel[] top = new PriceLevel[count];
        for (int i = 0; i < count; i++) {
            top[i] = levels[end - 1 - i];
        }
        published = List.of(top);
        publishedCount = n;
        return published;
    }

    @Override
    public void truncate(int maxDepth)
    {
        if (end - start > maxDepth) {
            published = null;
            int newStart = end - maxDepth;
            Arrays.fill(levels, start, newStart, null);
            start = newStart;
        }
    }

    private long key(Decimal price, int atScale)
    {
        long unscaled = price.unscaledValue(atScale);
        return bids ? unscaled : Math.negateExact(unscaled);
    }

    private boolean widenFor(Decimal price)
    {
        int needed = Math.max(price.toBigDecimal().stripTrailingZeros().scale(), 0);
        if (needed <= scale || needed > Decimal.MAX_COMPACT_SCALE) {
            return false;
        }
        try {
            key(price, needed);
        }
        catch (ArithmeticException overflow) {
            return false;
        }
        long factor = 1;
        for (int i = scale; i < needed; i++) {
            factor *= 10;
        }
        long limit = Long.MAX_VALUE / factor;
        for (int i = start; i < end; i++) {
            if (keys[i] > limit || keys[i] < -limit) {
                return false;
            }
        }
        for (int i = start; i < end; i++) {
            keys[i] *= factor;
        }
        scale = needed;
        return true;
    }

    private void insertAt(int index, long key, PriceLevel level)
    {
        if (end - index <= index - start) {
            if (end == keys.length) {
                index += recenter();
            }
            System.arraycopy(keys, index, keys, index + 1, end - index);
            System.arraycopy(levels, index, levels, index + 1, end - index);
            end++;
        }
        else {
            if (start == 0) {
                index += recenter();
            }
            System.arraycopy(keys, start, keys, start - 1, index - start);
            System.arraycopy(levels, start, levels, start - 1, index - start);
            start--;
            index--;
        }
        keys[index] = key;
        levels[index] = level;
    }

    private void removeAt(int index)
    {
        if (end - index - 1 <= index - start) {
            System.arraycopy(keys, index + 1, keys, index, end - index - 1);
            System.arraycopy(levels, index + 1, levels, index, end - index - 1);
            end--;
            levels[end] = null;
        }
        else {
            System.arraycopy(keys, start, keys, start + 1, index - start);
            System.arraycopy(levels, start, levels, start + 1, index - start);
            levels[start] = null;
            start++;
        }
    }

    /**
     * Moves the levels to the middle of the array, growing it when they fill half of it, so that
     * both ends have room for at least a quarter of the capacity.
     *
     * @return how far the levels moved
     */
    private int recenter()
    {
        int size = end - start;
        int capacity = size >= keys.length / 2 ? keys.length * 2 : keys.length;
        int newStart = (capacity - size) / 2;
        if (capacity != keys.length) {
            long[] newKeys = new long[capacity];
            PriceLevel[] newLevels = new PriceLevel[capacity];
            System.arraycopy(keys, start, newKeys, newStart, size);
            System.arraycopy(levels, start, newLevels, newStart, size);
            keys = newKeys;
            levels = newLevels;
        }
        else {
            System.arraycopy(keys, start, keys, newStart, size);
            System.arraycopy(levels, start, levels, newStart, size);
            Arrays.fill(levels, 0, newStart, null);
            Arrays.fill(levels, newStart + size, capacity, null);
        }
        int moved = newStart - start;
        start = newStart;
        end = newStart + size;
        return moved;
    }
}
