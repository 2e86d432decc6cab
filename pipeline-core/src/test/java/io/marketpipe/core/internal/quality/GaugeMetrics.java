package io.marketpipe.core.internal.quality;

import io.marketpipe.api.metrics.Metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Metrics whose gauges a test can read back.
 */
final class GaugeMetrics
        implements Metrics
{
    private final Map<String, LongSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name)
    {
        return Counter.NOOP;
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

    long gauge(String name)
    {
        LongSupplier gauge = gauges.get(name);
        if (gauge == null) {
            throw new AssertionError("no gauge " + name + "; gauges: " + gauges.keySet());
        }
        return gauge.getAsLong();
    }
}
