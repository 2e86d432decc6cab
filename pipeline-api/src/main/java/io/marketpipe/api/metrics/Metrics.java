package io.marketpipe.api.metrics;

import java.util.function.LongSupplier;

/**
 * Metrics for a plugin instance, scoped under its name by the runtime (which reports them
 * through Dropwizard Metrics). Names are dotted lower case, e.g. {@code frames.received}.
 *
 * @since 0.1
 */
public interface Metrics
{
    /** Metrics that record nothing, for tests and contexts without a registry. */
    Metrics NOOP = new Metrics()
    {
        @Override
        public Counter counter(String name)
        {
            return Counter.NOOP;
        }

        @Override
        public void gauge(String name, LongSupplier value)
        {
        }

        @Override
        public Histogram histogram(String name)
        {
            return value -> {};
        }
    };

    /**
     * @return the counter of that name, created on first use
     */
    Counter counter(String name);

    /**
     * Registers a gauge read on demand; registering the same name again replaces it.
     */
    void gauge(String name, LongSupplier value);

    /**
     * @return the histogram of that name (latencies in nanoseconds, sizes), created on first use
     */
    Histogram histogram(String name);

    /**
     * A monotonically increasing count.
     */
    interface Counter
    {
        /** A counter that counts nothing. */
        Counter NOOP = new Counter()
        {
            @Override
            public void inc(long n)
            {
            }

            @Override
            public long count()
            {
                return 0;
            }
        };

        void inc(long n);

        long count();

        default void inc()
        {
            inc(1);
        }
    }

    /**
     * A distribution of values.
     */
    @FunctionalInterface
    interface Histogram
    {
        void update(long value);
    }
}
