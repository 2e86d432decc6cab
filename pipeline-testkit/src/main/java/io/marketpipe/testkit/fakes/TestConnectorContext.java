package io.marketpipe.testkit.fakes;

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
import io.marketpipe.core.PipelineParts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.Collectors;

/**
 * A connector context of fakes, for an adapter's unit tests: frames pushed by the test
 * ({@link FakeWebSockets}), canned REST answers ({@link FakeRest}), a manual scheduler, the real
 * core book engine publishing into a list the test reads, and the core's reconnect policy on a
 * clock the test moves.
 */
public class TestConnectorContext
        implements ConnectorContext
{
    public final List<MarketEvent> events = new ArrayList<>();
    public final FakeWebSockets webSockets = new FakeWebSockets();
    public final FakeRest rest = new FakeRest();
    public final ManualScheduler scheduler = new ManualScheduler();
    public final CountingMetrics metrics = new CountingMetrics();
    public final MovableClock breakerClock = new MovableClock();
    public final PipelineParts.MeasuredBooks books;
    private final String name;
    private final EventSink sink = event -> {
        synchronized (events) {
            events.add(event);
        }
    };

    /**
     * @param name the connector instance name, e.g. {@code okx-test}
     */
    public TestConnectorContext(String name)
    {
        this.name = name;
        this.books = PipelineParts.orderBooks(name, sink, metrics, MarketClock.SYSTEM);
    }

    /**
     * Reads a block the way the runtime does: merged with the defaults the adapter ships in its
     * reference.conf (which extend core's shared connector keys) and checked against them.
     *
     * @param type the connector type, e.g. {@code binance}
     * @param hocon the block's keys
     */
    public static PluginConfig config(String type, String hocon)
    {
        return PipelineParts.pluginConfig(
                "marketpipe.connectors[0]",
                ConfigFactory.parseString("type = " + type + ", " + hocon),
                ConfigFactory.parseResources("reference.conf").resolve().getConfig("marketpipe.defaults.connector." + type));
    }

    @Override
    public String name()
    {
        return name;
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
        return PipelineParts.reconnectPolicy(name, settings, listener, metrics, breakerClock);
    }

    public <T extends MarketEvent> List<T> events(Class<T> type)
    {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }

    public List<BookDepth> depths()
    {
        return events(BookDepth.class);
    }

    /**
     * @return the sequence numbers of the published books, snapshots included
     */
    public List<Long> depthSeqs()
    {
        return depths().stream().map(BookDepth::seq).collect(Collectors.toList());
    }

    public List<SourceStatus> statuses(SourceStatus.Kind kind)
    {
        return events(SourceStatus.class).stream().filter(status -> status.kind() == kind).collect(Collectors.toList());
    }

    /**
     * A clock for the circuit breaker's open period, moved by the test.
     */
    public static final class MovableClock
            extends Clock
    {
        private volatile Instant now = Instant.parse("2024-08-08T00:00:00Z");

        public void advance(Duration duration)
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
