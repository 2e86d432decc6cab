package io.marketpipe.testkit.fakes;

import io.marketpipe.api.metrics.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Metrics a test can read back.
 */
public final class CountingMetrics
        implements Metrics
{
    private final Map<String, CountingCounter> counters = new ConcurrentHashMap<>();
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name)
    {
        return counters.computeIfAbsent(name, ignored -> new CountingCounter());
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
        CountingCounter counter = counters.get(name);
        return counter == null ? 0 : counter.count();
    }

    public long gauge(String name)
    {
        LongSupplier gauge = gauges.get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge " + name + "; registered: " + gauges.keySet());
        }
        return gauge.getAsLong();
    }

    private static final class CountingCounter
            implements Counter
    {
        private final AtomicLong count = new AtomicLong();

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
    }
}
