package io.marketpipe.core.internal.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.metrics.Metrics;

import java.util.function.LongSupplier;

import static java.util.Objects.requireNonNull;

/**
 * The API's {@link Metrics} backed by a Dropwizard {@link MetricRegistry}, every name prefixed
 * with a scope such as {@code connector.binance-spot}.
 */
public final class DropwizardMetrics
        implements Metrics
{
    private final MetricRegistry registry;
    private final String prefix;

    public DropwizardMetrics(MetricRegistry registry, String scope)
    {
        this.registry = requireNonNull(registry, "registry is null");
        this.prefix = requireNonNull(scope, "scope is null").isEmpty() ? "" : scope + ".";
    }

    /**
     * @return metrics scoped one level deeper, e.g. {@code connector.binance-spot} then {@code rest}
     */
    public DropwizardMetrics scoped(String child)
    {
        return new DropwizardMetrics(registry, prefix + child);
    }

    public MetricRegistry registry()
    {
        return registry;
    }

    @Override
    public Counter counter(String name)
    {
        com.codahale.metrics.Counter counter = registry.counter(prefix + name);
        return new Counter()
        {
            @Override
            public void inc(long n)
            {
                counter.inc(n);
            }

            @Override
            public long count()
            {
                return counter.getCount();
            }
        };
    }

    @Override
    public void gauge(String name, LongSupplier value)
    {
        String full = prefix + name;
        registry.remove(full);
        registry.register(full, (Gauge<Long>) value::getAsLong);
    }

    @Override
    public Histogram histogram(String name)
    {
        return registry.histogram(prefix + name)::update;
    }
}
