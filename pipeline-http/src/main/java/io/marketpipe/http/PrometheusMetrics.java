package io.marketpipe.http;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The Dropwizard registry in Prometheus' data model, written by the Prometheus client's own text
 * writers. Dotted names become Prometheus names with labels for what varies: the connector, store,
 * enricher or bus stage a metric belongs to, and the event type, symbol or reason it counts, so
 * {@code connector.binance-spot.events.trade} is {@code marketpipe_events_total{connector="binance-spot",type="trade"}}.
 * Counters and meters are counters, gauges gauges, histograms and timers summaries (timers in seconds).
 */
final class PrometheusMetrics
{
    private static final String PREFIX = "marketpipe_";
    private static final List<NameRule> RULES = List.of(
            new NameRule("connector\\.([^.]+)\\.events\\.([^.]+)", "events", "connector", "type"),
            new NameRule("bus\\.derived\\.events\\.([^.]+)", "derived_events", "type"),
            new NameRule("connector\\.([^.]+)\\.quality\\.instrument\\.(.+)\\.score", "quality_instrument_score", "connector", "symbol"),
            new NameRule("connector\\.([^.]+)\\.quality\\.([^.]+)", "quality_$", "connector"),
            new NameRule("connector\\.([^.]+)\\.validation\\.rejected\\.([^.]+)", "validation_rejected", "connector", "reason"),
            new NameRule("connector\\.([^.]+)\\.(.+)", "connector_$", "connector"),
            new NameRule("bus\\.stage\\.([^.]+)\\.(.+)", "bus_stage_$", "stage"),
            new NameRule("store\\.([^.]+)\\.(.+)", "store_$", "store"),
            new NameRule("enricher\\.([^.]+)\\.(.+)", "enricher_$", "enricher"),
            new NameRule("aggregation\\.failovers", "aggregation_failovers"),
            new NameRule("aggregation\\.([^.]+)\\.(.+)", "aggregation_$", "instrument"),
            new NameRule("http\\.stream\\.disconnects\\.([^.]+)", "http_stream_disconnects", "reason"),
            new NameRule("http\\.(.+)", "http_$"));
    private static final Pattern INVALID = Pattern.compile("[^a-zA-Z0-9_]+");

    private final MetricSet metrics;

    PrometheusMetrics(MetricSet metrics)
    {
        this.metrics = requireNonNull(metrics, "metrics is null");
    }

    /**
     * @return the writer for the request's Accept header: OpenMetrics when asked for, else the Prometheus text format
     */
    static ExpositionFormatWriter writerFor(String accept)
    {
        OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
        if (accept != null && openMetrics.accepts(accept)) {
            return openMetrics;
        }
        return PrometheusTextFormatWriter.create();
    }

    void write(ExpositionFormatWriter writer, OutputStream out)
            throws IOException
    {
        writer.write(out, snapshots());
    }

    MetricSnapshots snapshots()
    {
        Map<String, Family> families = new LinkedHashMap<>();
        new TreeMap<>(metrics.getMetrics()).forEach((name, metric) -> {
            if (metric instanceof Counter counter) {
                family(families, name, Kind.COUNTER).add(name, counter);
            }
            else if (metric instanceof Meter meter) {
                family(families, name, Kind.COUNTER).add(name, meter);
            }
            else if (metric instanceof Gauge<?> gauge) {
                family(families, name, Kind.GAUGE).add(name, gauge);
            }
            else if (metric instanceof Histogram histogram) {
                family(families, name, Kind.SUMMARY).add(name, histogram);
            }
            else if (metric instanceof Timer timer) {
                family(families, name + ".seconds", Kind.SUMMARY).add(name + ".seconds", timer);
            }
        });
        List<MetricSnapshot> snapshots = new ArrayList<>();
        families.values().forEach(family -> family.build().ifPresent(snapshots::add));
        return new MetricSnapshots(snapshots);
    }

    /**
     * @return the Prometheus name and labels of a Dropwizard name
     */
    static Mapped map(String dropwizardName)
    {
        for (NameRule rule : RULES) {
            Matcher matcher = rule.pattern.matcher(dropwizardName);
            if (matcher.matches()) {
                String name = rule.name;
                Labels labels = Labels.EMPTY;
                for (int i = 0; i < rule.labels.size(); i++) {
                    labels = labels.add(rule.labels.get(i), matcher.group(i + 1));
                }
                if (name.endsWith("$")) {
                    name = name.substring(0, name.length() - 1) + matcher.group(matcher.groupCount());
                }
                return new Mapped(PREFIX + sanitize(name), labels);
            }
        }
        return new Mapped(PREFIX + sanitize(dropwizardName), Labels.EMPTY);
    }

    private static String sanitize(String name)
    {
        String clean = INVALID.matcher(name).replaceAll("_");
        // the text formats add these suffixes themselves
        for (String suffix : List.of("_total", "_created", "_count", "_sum", "_bucket", "_info")) {
            if (clean.endsWith(suffix)) {
                clean = clean.substring(0, clean.length() - suffix.length()) + "_value";
            }
        }
        return clean;
    }

    private static Family family(Map<String, Family> families, String dropwizardName, Kind kind)
    {
        String name = map(dropwizardName).name();
        Family family = families.computeIfAbsent(name, key -> new Family(key, kind));
        // a name two kinds map to keeps the first; the other is told apart by its kind
        return family.kind == kind ? family : families.computeIfAbsent(name + "_" + kind.name().toLowerCase(java.util.Locale.ROOT), key -> new Family(key, kind));
    }

    record Mapped(String name, Labels labels) {}

    private record NameRule(Pattern pattern, String name, List<String> labels)
    {
        NameRule(String pattern, String name, String... labels)
        {
            this(Pattern.compile(pattern), name, List.of(labels));
        }
    }

    private enum Kind
    {
        COUNTER, GAUGE, SUMMARY
    }

    /**
     * The data points of one Prometheus metric, each from one Dropwizard metric.
     */
    private static final class Family
    {
        private final String name;
        private final Kind kind;
        private final Map<Labels, CounterSnapshot.CounterDataPointSnapshot> counters = new LinkedHashMap<>();
        private final Map<Labels, GaugeSnapshot.GaugeDataPointSnapshot> gauges = new LinkedHashMap<>();
        private final Map<Labels, SummarySnapshot.SummaryDataPointSnapshot> summaries = new LinkedHashMap<>();

        Family(String name, Kind kind)
        {
            this.name = name;
            this.kind = kind;
        }

        void add(String dropwizardName, Counter counter)
        {
            Labels labels = map(dropwizardName).labels();
            counters.putIfAbsent(labels, CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(counter.getCount()).build());
        }

        void add(String dropwizardName, Meter meter)
        {
            Labels labels = map(dropwizardName).labels();
            counters.putIfAbsent(labels, CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(meter.getCount()).build());
        }

        void add(String dropwizardName, Gauge<?> gauge)
        {
            Object value;
            try {
                value = gauge.getValue();
            }
            catch (RuntimeException e) {
                return;
            }
            double number;
            if (value instanceof Number numeric) {
                number = numeric.doubleValue();
            }
            else if (value instanceof Boolean bool) {
                number = bool ? 1 : 0;
            }
            else {
                return;
            }
            Labels labels = map(dropwizardName).labels();
            gauges.putIfAbsent(labels, GaugeSnapshot.GaugeDataPointSnapshot.builder().labels(labels).value(number).build());
        }

        void add(String dropwizardName, Histogram histogram)
        {
            summary(dropwizardName, histogram.getCount(), histogram.getSnapshot(), 1);
        }

        void add(String dropwizardName, Timer timer)
        {
            summary(dropwizardName, timer.getCount(), timer.getSnapshot(), 1.0 / TimeUnit.SECONDS.toNanos(1));
        }

        private void summary(String dropwizardName, long count, Snapshot snapshot, double factor)
        {
            Labels labels = map(dropwizardName).labels();
            List<Quantile> quantiles = List.of(
                    new Quantile(0.5, snapshot.getMedian() * factor),
                    new Quantile(0.75, snapshot.get75thPercentile() * factor),
                    new Quantile(0.95, snapshot.get95thPercentile() * factor),
                    new Quantile(0.99, snapshot.get99thPercentile() * factor),
                    new Quantile(0.999, snapshot.get999thPercentile() * factor));
            summaries.putIfAbsent(labels, SummarySnapshot.SummaryDataPointSnapshot.builder().labels(labels).count(count).quantiles(Quantiles.of(quantiles)).build());
        }

        java.util.Optional<MetricSnapshot> build()
        {
            switch (kind) {
                case COUNTER:
                    if (counters.isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    CounterSnapshot.Builder counter = CounterSnapshot.builder().name(name).help(help());
                    counters.values().forEach(counter::dataPoint);
                    return java.util.Optional.of(counter.build());
                case GAUGE:
                    if (gauges.isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help());
                    gauges.values().forEach(gauge::dataPoint);
                    return java.util.Optional.of(gauge.build());
                default:
                    if (summaries.isEmpty()) {
                        return java.util.Optional.empty();
                    }
                    SummarySnapshot.Builder summary = SummarySnapshot.builder().name(name).help(help());
                    summaries.values().forEach(summary::dataPoint);
                    return java.util.Optional.of(summary.build());
            }
        }

        private String help()
        {
            return "marketpipe metric " + name.substring(PREFIX.length());
        }
    }
}
