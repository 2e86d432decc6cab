package io.marketpipe.core;

import com.codahale.metrics.Counting;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.MetricSet;
import com.codahale.metrics.health.HealthCheck;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.ProvisionException;
import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.store.StoreQueries;
import io.marketpipe.core.aggregate.AggregationView;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.candle.CandleView;
import io.marketpipe.core.internal.aggregate.CrossVenueAggregator;
import io.marketpipe.core.internal.backfill.CandleBackfill;
import io.marketpipe.core.internal.candle.CandleHistory;
import io.marketpipe.core.internal.config.ConfigRenderer;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import io.marketpipe.core.internal.quality.QualityMonitor;
import io.marketpipe.core.internal.runtime.MarketPipeModule;
import io.marketpipe.core.internal.runtime.PipelineRuntime;
import io.marketpipe.core.internal.runtime.RuntimeOptions;
import io.marketpipe.core.internal.runtime.TransportOptions;
import io.marketpipe.core.quality.QualityView;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedMap;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * The embeddable pipeline. A host application builds one from configuration, registers
 * listeners for the canonical events, starts it and closes it:
 *
 * <pre>{@code
 * try (MarketPipe pipe = MarketPipe.builder()
 *         .config("marketpipe.connectors = [{ type = binance, symbols = [BTC/USDT] }]")
 *         .listener(event -> System.out.println(event))
 *         .build()) {
 *     pipe.start();
 *     ...
 * }
 * }</pre>
 *
 * Connector, enricher and store plugins are found on the class path and in the plugins
 * directory. Configuration problems surface from {@link Builder#build()} as
 * {@link ConfigurationException}s naming the path.
 */
public final class MarketPipe
        implements AutoCloseable
{
    private final PipelineRuntime runtime;
    private final Config config;
    private final MetricRegistry metrics;
    private final HealthCheckRegistry health;
    private final CandleView candles;
    private final QualityView quality;
    private final AggregationView aggregation;
    private final TransportOptions transport;
    private final Optional<HttpServer> http;
    private volatile Optional<URI> httpAddress = Optional.empty();

    private MarketPipe(Injector injector, TransportOptions transport, Optional<HttpServer> http)
    {
        this.runtime = injector.getInstance(PipelineRuntime.class);
        this.config = injector.getInstance(Config.class);
        this.metrics = injector.getInstance(MetricRegistry.class);
        this.health = injector.getInstance(HealthCheckRegistry.class);
        this.candles = injector.getInstance(CandleHistory.class);
        this.quality = injector.getInstance(QualityMonitor.class);
        this.aggregation = injector.getInstance(CrossVenueAggregator.class);
        this.transport = transport;
        this.http = http.filter(server -> config.getBoolean("marketpipe.http.enabled"));
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts the HTTP server when asked for ({@link Builder#http()}), then consumers and
     * connectors. In replay mode, follow with {@link #replay()}.
     */
    public MarketPipe start()
    {
        // the server first: a port in use fails the start before any venue is connected
        if (http.isPresent() && httpAddress.isEmpty()) {
            httpAddress = Optional.of(http.get().start(this, config, new DropwizardMetrics(metrics, "")));
        }
        runtime.start();
        return this;
    }

    /**
     * @return the base URL of the HTTP server once started, when the builder asked for one
     *         ({@link Builder#http()}) and {@code marketpipe.http.enabled} is true
     */
    public Optional<URI> httpAddress()
    {
        return httpAddress;
    }

    /**
     * Plays the capture through the started pipeline, then closes it so every event reaches
     * the listeners and stores.
     *
     * @return what the replay did
     * @throws IllegalStateException when the pipeline was not built for replay
     */
    public ReplaySummary replay()
    {
        if (transport.mode() != TransportOptions.Mode.REPLAY) {
            throw new IllegalStateException("this pipeline was not built for replay");
        }
        return ReplaySummary.run(runtime);
    }

    /**
     * Ends a running {@link #replay()} where it is, as an interrupted run does: what was replayed
     * still reaches the listeners and stores, and the summary says the replay was stopped. Any
     * thread may call it; it does nothing when the pipeline does not replay.
     */
    public void stopReplay()
    {
        runtime.mode().stopPlaying();
    }

    /**
     * Starts delivery to listeners and stores without starting any connector, for a run that
     * publishes through a connector itself ({@link #backfillCandles}). {@link #start()} includes it.
     */
    public MarketPipe startConsumers()
    {
        runtime.startConsumers();
        return this;
    }

    /**
     * Fetches from a connector's venue the final candles of {@code [fromMillis, toMillis)} that
     * the stores lack, and publishes them through the pipeline. Call {@link #startConsumers()}
     * first, and close the pipeline afterwards to flush the stores.
     *
     * @param connector the connector instance whose venue to ask ({@link RunningConnector#name()})
     * @param symbol the instrument, canonical ({@code BTC/USDT}) or native ({@code BTCUSDT})
     * @throws IllegalArgumentException when the connector is unknown, cannot serve history, or
     *         does not know the symbol
     * @throws IOException when the venue cannot be asked
     */
    public BackfillResult backfillCandles(String connector, String symbol, CandleInterval interval, long fromMillis, long toMillis, BackfillProgress progress)
            throws IOException
    {
        return new CandleBackfill(runtime).run(connector, symbol, interval, fromMillis, toMillis, progress);
    }

    /**
     * Progress of {@link #backfillCandles}, reported once per page.
     */
    @FunctionalInterface
    public interface BackfillProgress
    {
        /**
         * @param written candles published so far
         * @param missing candles the stores lacked when the run began
         */
        void onProgress(long written, long missing);
    }

    /**
     * What {@link #backfillCandles} did.
     *
     * @param missing candles the stores lacked in the range when the run began
     * @param written candles fetched and published
     * @param requests history requests sent to the venue
     */
    public record BackfillResult(long missing, long written, long requests) {}

    /**
     * @return the connector instances the pipeline runs, in configuration order
     */
    public List<RunningConnector> connectors()
    {
        return List.copyOf(runtime.connectors());
    }

    /**
     * @return the statistics of the order books kept for every connector, summed
     */
    public BookStats books()
    {
        return runtime.bookStats();
    }

    /**
     * @return the recent final candles of every instrument, built from trades and from venues
     */
    public CandleView candles()
    {
        return candles;
    }

    /**
     * @return the 0-100 quality scores of every source (connector instance) and its instruments,
     *         with the reasons for any below 100
     */
    public QualityView quality()
    {
        return quality;
    }

    /**
     * @return every instrument consolidated across sources: best bid and offer, merged book,
     *         consensus price and active source ({@code marketpipe.aggregation})
     */
    public AggregationView aggregation()
    {
        return aggregation;
    }

    /**
     * @return the query capability of the first configured store that can answer queries
     *         (candles, trades, funding by time range), if any
     */
    public Optional<StoreQueries> queries()
    {
        return runtime.queries();
    }

    /**
     * Runs every health check: one per connector ({@code connector.<name>}: connected and
     * fresh) and, when quality scoring is on, one per source ({@code quality.<name>}).
     *
     * @return the results by check name
     */
    public SortedMap<String, HealthCheck.Result> health()
    {
        return health.runHealthChecks();
    }

    /**
     * Runs one health check.
     *
     * @throws java.util.NoSuchElementException when there is no check of that name
     */
    public HealthCheck.Result health(String check)
    {
        return health.runHealthCheck(check);
    }

    /**
     * @return every metric by name, as the moment sees them: connectors, transports, the bus,
     *         stores, quality and aggregation (see the README's metrics table)
     */
    public MetricSet metrics()
    {
        return metrics::getMetrics;
    }

    /**
     * @return the count of the named counter, meter, timer or histogram; 0 when there is none yet
     */
    public long count(String metric)
    {
        return metrics.getMetrics().get(metric) instanceof Counting counting ? counting.getCount() : 0;
    }

    /**
     * @return the counts of every counter, meter, timer and histogram whose name starts with
     *         {@code prefix}, by name
     */
    public SortedMap<String, Long> counts(String prefix)
    {
        SortedMap<String, Long> counts = new TreeMap<>();
        metrics.getMetrics().forEach((name, metric) -> {
            if (name.startsWith(prefix) && metric instanceof Counting counting) {
                counts.put(name, counting.getCount());
            }
        });
        return counts;
    }

    /**
     * @return the effective configuration (reference defaults, plugin defaults, user file,
     *         overrides) as HOCON, with secrets masked and the origin of every value
     */
    public String describeConfiguration()
    {
        return ConfigRenderer.render(config);
    }

    /**
     * @return the types of the stores configured ({@code marketpipe.stores}), in order
     */
    public List<String> storeTypes()
    {
        return runtime.storeTypes();
    }

    /**
     * Stops connectors, delivers what is buffered to listeners and stores, and closes them.
     */
    @Override
    public void close()
    {
        try {
            http.ifPresent(HttpServer::close);
        }
        finally {
            runtime.close();
        }
    }

    /**
     * Configures a {@link MarketPipe}.
     */
    public static final class Builder
    {
        private Path pluginsDirectory = Path.of(System.getProperty("marketpipe.home", ".")).resolve("plugins");
        private Optional<Path> configFile = Optional.empty();
        private Optional<String> overrides = Optional.empty();
        private TransportOptions transport = TransportOptions.LIVE;
        private Optional<String> defaultStore = Optional.empty();
        private boolean readOnlyStores;
        private final List<PipelineRuntime.NamedListener> listeners = new ArrayList<>();
        private boolean http;

        private Builder() {}

        /**
         * Serves health, Prometheus metrics, JSON views, the event stream and the dashboard over
         * HTTP while the pipeline runs, as configured under {@code marketpipe.http} (loopback port
         * 8080 by default; {@code enabled = false} turns it off again). Needs the
         * {@code pipeline-http} module on the class path.
         */
        public Builder http()
        {
            this.http = true;
            return this;
        }

        /**
         * Reads the user configuration from a HOCON file, layered over every reference.conf.
         */
        public Builder configFile(Path file)
        {
            this.configFile = Optional.of(requireNonNull(file, "file is null"));
            return this;
        }

        /**
         * Layers HOCON text over the configuration file (or over the defaults when there is none).
         */
        public Builder config(String hocon)
        {
            this.overrides = Optional.of(requireNonNull(hocon, "hocon is null"));
            return this;
        }

        /**
         * Where {@code <name>/*.jar} plugin directories are found; defaults to
         * {@code $marketpipe.home/plugins}.
         */
        public Builder pluginsDirectory(Path directory)
        {
            this.pluginsDirectory = requireNonNull(directory, "directory is null");
            return this;
        }

        /**
         * Sets the store used when the configuration lists none, as a HOCON block such as
         * {@code { type = sqlite, path = "data/marketpipe.db" }}. Without it, a configuration
         * without stores writes nowhere.
         */
        public Builder defaultStore(String hoconBlock)
        {
            this.defaultStore = Optional.of(requireNonNull(hoconBlock, "hoconBlock is null"));
            return this;
        }

        /**
         * Opens the stores only to answer {@link MarketPipe#queries()}: nothing is created or
         * written, and a store that holds nothing yet (a database file that does not exist) is an
         * error naming it. Meant for a pipeline that runs no connector.
         */
        public Builder readOnlyStores()
        {
            this.readOnlyStores = true;
            return this;
        }

        /**
         * Adds an in-process listener that sees every event, with a bounded buffer that blocks
         * the pipeline when full (nothing is dropped).
         */
        public Builder listener(EventListener listener)
        {
            return listener("listener" + (listeners.size() + 1), listener, OverflowPolicy.BLOCK);
        }

        /**
         * Adds a named in-process listener with its own overflow policy.
         */
        public Builder listener(String name, EventListener listener, OverflowPolicy policy)
        {
            listeners.add(new PipelineRuntime.NamedListener(name, listener, policy));
            return this;
        }

        /**
         * Plays a capture file instead of connecting to venues; the capture's header names the
         * connector to run.
         *
         * @param speed {@code max}, {@code 1x} (recorded pace) or {@code Nx}
         */
        public Builder replay(Path capture, String speed)
        {
            this.transport = TransportOptions.replay(capture, speed);
            return this;
        }

        /**
         * Connects to the venues and records every frame and REST exchange to a capture file.
         */
        public Builder record(Path output)
        {
            this.transport = TransportOptions.record(output);
            return this;
        }

        /**
         * @throws ConfigurationException naming the path of the first configuration problem
         * @throws UncheckedIOException naming the file when a file the pipeline needs (a capture to
         *         replay, a store's database) cannot be read or is not what it should be
         */
        public MarketPipe build()
        {
            Optional<HttpServer> server = Optional.empty();
            List<PipelineRuntime.NamedListener> allListeners = new ArrayList<>(listeners);
            if (http) {
                server = Optional.of(ServiceLoader.load(HttpServer.class, MarketPipe.class.getClassLoader()).findFirst()
                        .orElseThrow(() -> new IllegalStateException("the HTTP server needs the pipeline-http module on the class path")));
                // the server fans events out to its subscribers without waiting on any of them
                allListeners.add(new PipelineRuntime.NamedListener("http", server.get(), OverflowPolicy.DROP_OLDEST));
            }
            RuntimeOptions options = new RuntimeOptions(pluginsDirectory, configFile, overrides, transport, allListeners, defaultStore, readOnlyStores);
            try {
                return new MarketPipe(Guice.createInjector(new MarketPipeModule(options)), transport, server);
            }
            catch (ProvisionException | com.google.inject.CreationException e) {
                throw unwrap(e);
            }
        }

        /**
         * @return what went wrong without the injector's wrapping: a configuration error, a file
         *         that cannot be read or is not what it should be, else the innermost runtime exception
         */
        private static RuntimeException unwrap(RuntimeException injection)
        {
            RuntimeException innermost = null;
            for (Throwable cause = injection.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof ConfigurationException configuration) {
                    return configuration;
                }
                if (cause instanceof UncheckedIOException io) {
                    return io;
                }
                if (cause instanceof IOException io) {
                    return new UncheckedIOException(io.getMessage(), io);
                }
                if (cause instanceof RuntimeException runtime) {
                    innermost = runtime;
                }
            }
            return innermost != null ? innermost : injection;
        }
    }
}
