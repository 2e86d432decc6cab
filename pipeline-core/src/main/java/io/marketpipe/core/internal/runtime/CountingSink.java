package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static java.util.Objects.requireNonNull;

/**
 * Counts a connector's events by type ({@code events.<type>} under its scope) on their way to the bus.
 */
final class CountingSink
        implements EventSink
{
    static final String PREFIX = "events.";

    private final EventSink delegate;
    private final Metrics metrics;
    private final Map<String, Metrics.Counter> counters = new ConcurrentHashMap<>();

    CountingSink(EventSink delegate, Metrics metrics)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    @Override
    public void accept(MarketEvent event)
    {
        counters.computeIfAbsent(event.type(), type -> metrics.counter(PREFIX + type)).inc();
        delegate.accept(event);
    }

    /**
     * @return counts by event type summed over every scope that counts them
     */
    static Map<String, Long> countsByType(MetricRegistry registry)
    {
        Map<String, Long> counts = new TreeMap<>();
        for (Map.Entry<String, Counter> entry : registry.getCounters((name, metric) -> name.contains("." + PREFIX) || name.startsWith(PREFIX)).entrySet()) {
            String name = entry.getKey();
            String type = name.substring(name.lastIndexOf(PREFIX) + PREFIX.length());
            counts.merge(type, entry.getValue().getCount(), Long::sum);
        }
        return counts;
    }
}
