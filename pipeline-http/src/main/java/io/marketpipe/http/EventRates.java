package io.marketpipe.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricSet;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Events per second per source, from the runtime's {@code connector.<name>.events.<type>} counters
 * sampled once a second.
 */
final class EventRates
{
    private static final Pattern EVENTS = Pattern.compile("connector\\.([^.]+)\\.events\\.[^.]+");

    private final MetricSet metrics;
    private Map<String, Long> previous = Map.of();
    private long previousNanos;
    private volatile Map<String, Double> perSecond = Map.of();
    private volatile Map<String, Long> totals = Map.of();

    EventRates(MetricSet metrics)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    synchronized void sample(long nowNanos)
    {
        Map<String, Long> counts = new HashMap<>();
        metrics.getMetrics().forEach((name, metric) -> {
            Matcher matcher = EVENTS.matcher(name);
            if (metric instanceof Counter counter && matcher.matches()) {
                counts.merge(matcher.group(1), counter.getCount(), Long::sum);
            }
        });
        if (previousNanos != 0 && nowNanos > previousNanos) {
            double seconds = (nowNanos - previousNanos) / 1e9;
            Map<String, Double> rates = new HashMap<>();
            counts.forEach((source, count) -> rates.put(source, Math.max(0, count - previous.getOrDefault(source, 0L)) / seconds));
            perSecond = Map.copyOf(rates);
        }
        previous = counts;
        previousNanos = nowNanos;
        totals = Map.copyOf(counts);
    }

    Map<String, Double> perSecond()
    {
        return perSecond;
    }

    long total(String source)
    {
        return totals.getOrDefault(source, 0L);
    }
}
