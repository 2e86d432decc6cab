package io.marketpipe.core;

import io.marketpipe.api.metrics.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Metrics whose counters and gauges a test can read back.
 */
public final class RecordingMetrics
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

    public long count(String name)
    {
        AtomicLong value = counters.get(name);
        if (value == null) {
            throw new AssertionError("no counter " + name + "; counters: " + counters.keySet());
        }
        return value.get();
    }

    public long gauge(String name)
    {
        LongSupplier gauge = gauges.get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge " + name + "; gauges: " + gauges.keySet());
        }
        return gauge.getAsLong();
    }
}
