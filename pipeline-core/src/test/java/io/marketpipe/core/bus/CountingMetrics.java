package io.marketpipe.core.bus;

import io.marketpipe.api.metrics.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Metrics that can be read back in tests.
 */
final class CountingMetrics
        implements Metrics
{
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name)
    {
        AtomicLong value = counters.computeIfAbsent(name, key -> new AtomicLong());
        return new Counter()
        {
            @Override
            public void inc(long n)
            {
                value.addAndGet(n);
            }

            @Override
            public long count()
            {
                return value.get();
            }
        };
    }

    @Override
    public void gauge(String name, LongSupplier value)
    {
        gauges.put(name, value);
    }

    @Override
    public Histogram histogram(String name)
    {
        return value -> {};
    }

    long count(String name)
    {
        AtomicLong value = counters.get(name);
        return value == null ? 0 : value.get();
    }
}
