package io.marketpipe.core.internal.quality;

import java.util.Arrays;

/**
 * The latest receive-minus-venue latencies of one instrument, summarised by their median: one
 * late frame or a burst after a pause does not move it the way it moves a mean. Not thread-safe.
 */
final class LatencySamples
{
    static final int CAPACITY = 64;

    private final long[] samples = new long[CAPACITY];
    private int count;
    private int next;

    void add(long latencyNanos)
    {
        samples[next] = Math.max(0, latencyNanos);
        next = (next + 1) % CAPACITY;
        count = Math.min(count + 1, CAPACITY);
    }

    int count()
    {
        return count;
    }

    /**
     * @return the median of the samples kept, or -1 when there are none
     */
    long median()
    {
        if (count == 0) {
            return -1;
        }
        long[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
    }
}
