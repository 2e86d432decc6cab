package io.marketpipe.binance;

import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.book.BookEngine;
import io.marketpipe.core.config.TypesafePluginConfig;
import io.marketpipe.core.resilience.SourceReconnectPolicy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * A connector context of fakes: frames pushed by the test, canned REST answers, a manual
 * scheduler, the real core book engine publishing into a list the test reads, and the core's
 * reconnect policy on a clock the test moves.
 */
final class TestContext
        implements ConnectorContext
{
    static final String NAME = "binance-test";

    final List<MarketEvent> events = new ArrayList<>();
    final FakeWebSockets webSockets = new FakeWebSockets();
    final FakeRest rest = new FakeRest();
    final ManualScheduler scheduler = new ManualScheduler();
    final CountingMetrics metrics = new CountingMetrics();
    private final EventSink sink = event -> {
        synchronized (events) {
            events.add(event);
        }
    };
    final BookEngine books = new BookEngine(NAME, sink, metrics, MarketClock.SYSTEM);
    final MovableClock breakerClock = new MovableClock();

    /**
     * Reads a block the way the runtime does: merged with the adapter's reference.conf defaults
     * and checked against them.
     */
    static PluginConfig config(String hocon)
    {
        return TypesafePluginConfig.create(
                "marketpipe.connectors[0]",
                ConfigFactory.parseString("type = binance, " + hocon),
                ConfigFactory.parseResources("reference.conf").resolve().getConfig("marketpipe.defaults.connector.binance"),
                Set.of("type", "name"));
    }

    BinanceConnector connector(String hocon)
    {
        return new BinanceConnector(BinanceConfig.from(config(hocon)), this);
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public EventSink sink()
    {
        return sink;
    }

    @Override
    public WebSocketTransport webSockets()
    {
        return webSockets;
    }

    @Override
    public RestTransport rest()
    {
        return rest;
    }

    @Override
    public OrderBooks books()
    {
        return books;
    }

    @Override
    public ScheduledExecutorService scheduler()
    {
        return scheduler;
    }

    @Override
    public Metrics metrics()
    {
        return metrics;
    }

    @Override
    public ReconnectPolicy reconnectPolicy(ReconnectPolicy.Settings settings, ReconnectPolicy.Listener listener)
    {
        return new SourceReconnectPolicy(NAME, settings, listener, metrics, breakerClock);
    }

    <T extends MarketEvent> List<T> events(Class<T> type)
    {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }

    List<BookDepth> depths()
    {
        return events(BookDepth.class);
    }

    /**
     * @return the sequence numbers of the published books, snapshots included
     */
    List<Long> depthSeqs()
    {
        return depths().stream().map(BookDepth::seq).collect(Collectors.toList());
    }

    List<SourceStatus> statuses(SourceStatus.Kind kind)
    {
        return events(SourceStatus.class).stream().filter(status -> status.kind() == kind).collect(Collectors.toList());
    }

    /**
     * A clock for the circuit breaker's open period, moved by the test.
     */
    static final class MovableClock
            extends Clock
    {
        private volatile Instant now = Instant.parse("2024-08-08T00:00:00Z");

        void advance(Duration duration)
        {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone()
        {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone)
        {
            return this;
        }

        @Override
        public Instant instant()
        {
            return now;
        }
    }
}
