package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.core.internal.transport.LiveRestTransport;
import io.marketpipe.core.internal.transport.LiveWebSocketTransport;
import io.marketpipe.core.internal.transport.OkHttpClients;
import io.marketpipe.core.internal.transport.RateLimitedRestTransport;
import io.marketpipe.core.internal.transport.RecordingRestTransport;
import io.marketpipe.core.internal.transport.RecordingWebSocketTransport;
import io.marketpipe.core.internal.transport.ReplayResult;
import io.marketpipe.core.internal.transport.ReplayTransport;
import io.marketpipe.core.internal.transport.TransportSettings;
import io.marketpipe.core.internal.transport.WeightedRateLimiter;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The transport providers for the three modes.
 */
final class TransportProviders
{
    private TransportProviders() {}

    static TransportProvider create(TransportOptions options, Optional<Future<ReplayTransport.RestIndex>> restIndex, Config config, MetricRegistry registry, ScheduledExecutorService scheduler)
    {
        switch (options.mode()) {
            case REPLAY:
                return new Replaying(options, restIndex, config.getDuration("marketpipe.replay.max-pause"));
            case RECORD:
                return new Recording(new Live(config.getConfig("marketpipe.transport"), scheduler), options, config.getDuration("marketpipe.record.flush-interval"), scheduler);
            default:
                return new Live(config.getConfig("marketpipe.transport"), scheduler);
        }
    }

    /**
     * Live venues over one shared OkHttp client. REST is rate limited per venue, with the budget its
     * connectors declare ({@code rest-budget}), else {@code marketpipe.transport.rest-limits.default}: every connector of a
     * venue, and every caller in it (snapshots, backfills, klines), draws on the same budget and
     * waits out the same {@code Retry-After} pause, as the venue counts per client address.
     */
    static final class Live
            implements TransportProvider
    {
        private final Config config;
        private final ScheduledExecutorService scheduler;
        private final OkHttpClient client;
        private final Map<String, RestTransport> restByConnector = new ConcurrentHashMap<>();
        private final Map<String, WeightedRateLimiter> limitersByVenue = new ConcurrentHashMap<>();

        Live(Config config, ScheduledExecutorService scheduler)
        {
            this.config = config;
            this.scheduler = scheduler;
            this.client = OkHttpClients.create(new TransportSettings(
                    config.getDuration("connect-timeout"),
                    config.getDuration("read-timeout"),
                    config.getDuration("write-timeout"),
                    config.getDuration("ping-interval"),
                    TransportSettings.defaultUserAgent()));
        }

        @Override
        public WebSocketTransport webSockets(String connector, String venue, Metrics metrics)
        {
            return new LiveWebSocketTransport(client, metrics, config.getInt("messages-per-second"), scheduler, config.getInt("websocket.inbound-buffer"));
        }

        @Override
        public void restBudget(String venue, long weight, java.time.Duration interval)
        {
            limitersByVenue.computeIfAbsent(venue, type -> new WeightedRateLimiter(weight, interval));
        }

        @Override
        public RestTransport rest(String connector, String venue, Metrics metrics)
        {
            return restByConnector.computeIfAbsent(connector, name -> {
                WeightedRateLimiter limiter = limitersByVenue.computeIfAbsent(venue, type -> {
                    Config limit = config.getConfig("rest-limits.default");
                    return new WeightedRateLimiter(limit.getLong("weight"), limit.getDuration("interval"));
                });
                return new RateLimitedRestTransport(new LiveRestTransport(client, metrics), limiter, scheduler, config.getDuration("retry-after-default"), metrics);
            });
        }

        @Override
        public MarketClock clock()
        {
            return MarketClock.SYSTEM;
        }

        @Override
        public void close()
        {
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
        }
    }

    /**
     * Live transports teeing every frame and REST exchange into a capture file. One connector
     * records to the file given; several record to one file each, named after the connector.
     * Every {@code marketpipe.record.flush-interval} the files are flushed (a gzip sync flush), so
     * a recording that is killed leaves a file that replays up to its last flush.
     */
    static final class Recording
            implements TransportProvider
    {
        private static final Logger log = LoggerFactory.getLogger(Recording.class);

        private final Live live;
        private final TransportOptions options;
        private final Map<String, CaptureWriter> writers = new ConcurrentHashMap<>();
        private final Map<String, Description> descriptions = new ConcurrentHashMap<>();
        private final List<String> connectors = new ArrayList<>();

        Recording(Live live, TransportOptions options, Duration flushInterval, ScheduledExecutorService scheduler)
        {
            this.live = live;
            this.options = options;
            long millis = flushInterval.toMillis();
            if (millis > 0) {
                scheduler.scheduleWithFixedDelay(this::flush, millis, millis, TimeUnit.MILLISECONDS);
            }
        }

        private void flush()
        {
            for (Map.Entry<String, CaptureWriter> entry : writers.entrySet()) {
                try {
                    entry.getValue().flush();
                }
                catch (IOException e) {
                    log.warn("Capture of connector {} could not be flushed: {}", entry.getKey(), e.toString());
                }
            }
        }

        private synchronized CaptureWriter writer(String connector, String venue)
        {
            CaptureWriter existing = writers.get(connector);
            if (existing != null) {
                return existing;
            }
            connectors.add(connector);
            java.nio.file.Path path = options.capture();
            if (connectors.size() > 1) {
                String file = path.getFileName().toString();
                int dot = file.indexOf('.');
                String named = dot < 0 ? file + "-" + connector : file.substring(0, dot) + "-" + connector + file.substring(dot);
                path = path.resolveSibling(named);
            }
            Description description = descriptions.getOrDefault(connector, new Description("mixed", List.of()));
            CaptureHeader header = new CaptureHeader(venue, description.market(), description.symbols(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                    "marketpipe record", null, "recorded by marketpipe connector " + connector);
            try {
                CaptureWriter writer = CaptureWriter.create(path, header);
                writers.put(connector, writer);
                log.info("Recording connector {} to {}", connector, path);
                return writer;
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot create capture file " + path + ": " + e.getMessage(), e);
            }
        }

        @Override
        public void describe(String connector, String market, List<String> symbols)
        {
            descriptions.put(connector, new Description(market, List.copyOf(symbols)));
        }

        @Override
        public WebSocketTransport webSockets(String connector, String venue, Metrics metrics)
        {
            return new RecordingWebSocketTransport(live.webSockets(connector, venue, metrics), writer(connector, venue), clock(), metrics);
        }

        @Override
        public void restBudget(String venue, long weight, java.time.Duration interval)
        {
            live.restBudget(venue, weight, interval);
        }

        @Override
        public RestTransport rest(String connector, String venue, Metrics metrics)
        {
            return new RecordingRestTransport(live.rest(connector, venue, metrics), writer(connector, venue), metrics);
        }

        @Override
        public MarketClock clock()
        {
            return live.clock();
        }

        @Override
        public void close()
        {
            for (Map.Entry<String, CaptureWriter> entry : writers.entrySet()) {
                try {
                    entry.getValue().close();
                }
                catch (IOException e) {
                    log.warn("Capture of connector {} did not close cleanly: {}", entry.getKey(), e.toString());
                }
            }
            live.close();
        }

        private record Description(String market, List<String> symbols) {}
    }

    /**
     * One capture played back to the one connector replay runs.
     */
    static final class Replaying
            implements TransportProvider
    {
        private final ReplayTransport replay;
        private final Path capture;

        Replaying(TransportOptions options, Optional<Future<ReplayTransport.RestIndex>> restIndex, Duration maxPause)
        {
            this.capture = options.capture();
            try {
                ReplayTransport.Builder builder = ReplayTransport.builder(options.capture()).speed(ReplaySpeed.parse(options.speed())).maxPause(maxPause);
                restIndex.ifPresent(builder::restIndex);
                this.replay = builder.build();
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot open capture " + options.capture() + ": " + e.getMessage(), e);
            }
        }

        /**
         * Replay runs the connector the capture's header names: the configured block of that type if
         * there is one (taking the header's symbols unless the block lists its own), else a block
         * made from the header.
         */
        @Override
        public List<InstanceBlock> connectors(Config config)
        {
            CaptureHeader header = replay.header();
            List<InstanceBlock> blocks = new ArrayList<>();
            for (InstanceBlock block : InstanceBlock.read(config, "connectors")) {
                if (block.type().equals(header.exchange())) {
                    Config merged = block.block();
                    if (!merged.hasPath("symbols")) {
                        merged = merged.withValue("symbols", ConfigValueFactory.fromIterable(header.symbols()));
                    }
                    if (!merged.hasPath("market")) {
                        merged = merged.withValue("market", ConfigValueFactory.fromAnyRef(header.market()));
                    }
                    blocks.add(new InstanceBlock(block.path(), block.type(), block.name(), merged));
                }
            }
            if (blocks.isEmpty()) {
                Config block = ConfigFactory.parseMap(Map.of(
                        "type", header.exchange(),
                        "market", header.market(),
                        "symbols", header.symbols()));
                blocks.add(new InstanceBlock("replay[" + capture.getFileName() + "]", header.exchange(), header.exchange() + "-" + header.market(), block));
            }
            if (blocks.size() > 1) {
                throw new ConfigurationException("marketpipe.connectors", "replay needs one connector of type " + header.exchange() + ", but " + blocks.size() + " are configured; give one of them a name and keep only it");
            }
            return blocks;
        }

        @Override
        public boolean followsWallClock()
        {
            return false;
        }

        @Override
        public void beforeStart(List<ConnectorInstance> connectors)
        {
            // the end of the capture closes every connection: not a loss worth a log line
            connectors.forEach(ConnectorInstance::silenceLossReports);
        }

        @Override
        public ReplayResult play()
        {
            return replay.run();
        }

        @Override
        public void stopPlaying()
        {
            replay.stop();
        }

        @Override
        public WebSocketTransport webSockets(String connector, String venue, Metrics metrics)
        {
            return replay;
        }

        @Override
        public RestTransport rest(String connector, String venue, Metrics metrics)
        {
            return replay;
        }

        @Override
        public MarketClock clock()
        {
            return replay.clock();
        }

        @Override
        public void close()
        {
            replay.stop();
            replay.close();
        }
    }
}
