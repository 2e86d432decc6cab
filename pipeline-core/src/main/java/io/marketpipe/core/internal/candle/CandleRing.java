package io.marketpipe.core.internal.candle;

import io.marketpipe.api.model.Candle;

import java.util.ArrayList;
import java.util.List;

/**
 * The newest final candles of one series, ordered by start, at most {@code capacity} of them.
 * A candle with the start of one already held replaces it (a revision); an older one is inserted
 * in order while it is newer than the oldest held.
 */
final class CandleRing
{
    private final Candle[] slots;
    private int head;
    private int size;

    CandleRing(int capacity)
    {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1: " + capacity);
        }
        this.slots = new Candle[capacity];
    }

    synchronized void record(Candle candle)
    {
        long start = candle.openTimeMillis();
        int index = size - 1;
        while (index >= 0 && get(index).openTimeMillis() > start) {
            index--;
        }
        if (index >= 0 && get(index).openTimeMillis() == start) {
            set(index, candle);
            return;
        }
        int insertAt = index + 1;
        if (size == slots.length) {
            if (insertAt == 0) {
                return;
            }
            head = (head + 1) % slots.length;
            size--;
            insertAt--;
        }
        for (int i = size; i > insertAt; i--) {
            set(i, get(i - 1));
        }
        set(insertAt, candle);
        size++;
    }

    /**
     * @return up to {@code limit} of the newest candles, oldest first
     */
    synchronized List<Candle> newest(int limit)
    {
        int count = Math.min(limit, size);
        List<Candle> candles = new ArrayList<>(count);
        for (int i = size - count; i < size; i++) {
            candles.add(get(i));
        }
        return candles;
    }

    private Candle get(int index)
    {
        return slots[(head + index) % slots.length];
    }

    private void set(int index, Candle candle)
    {
        slots[(head + index) % slots.length] = candle;
    }
}
