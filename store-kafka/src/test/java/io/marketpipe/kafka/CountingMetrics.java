package io.marketpipe.kafka;

import io.marketpipe.api.metrics.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Metrics a test can read back: counters and gauges by name.
 */
final class CountingMetrics
        implements Metrics
{
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name)
    {
        AtomicLong count = counters.computeIfAbsent(name, key -> new AtomicLong());
        return new Counter()
        {
            @Override
            public void inc(long n)
            {
                count.addAndGet(n);
            }

            @Override
            public long count()
            {
                return count.get();
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
        AtomicLong count = counters.get(name);
        return count == null ? 0 : count.get();
    }

    long gauge(String name)
    {
        LongSupplier gauge = gauges.get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge " + name);
        }
        return gauge.getAsLong();
    }
}
