package io.marketpipe.core.internal.runtime;

import io.marketpipe.api.book.OrderBooks;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.internal.resilience.SourceReconnectPolicy;

import java.util.concurrent.ScheduledExecutorService;

import static java.util.Objects.requireNonNull;

/**
 * The context the runtime hands a connector: every host service, scoped to the instance.
 */
final class RuntimeConnectorContext
        implements ConnectorContext
{
    private final String name;
    private final EventSink sink;
    private final WebSocketTransport webSockets;
    private final RestTransport rest;
    private final OrderBooks books;
    private final ScheduledExecutorService scheduler;
    private final Metrics metrics;
    private final MarketClock clock;

    RuntimeConnectorContext(
            String name,
            EventSink sink,
            WebSocketTransport webSockets,
            RestTransport rest,
            OrderBooks books,
            ScheduledExecutorService scheduler,
            Metrics metrics,
            MarketClock clock)
    {
        this.name = requireNonNull(name, "name is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.webSockets = requireNonNull(webSockets, "webSockets is null");
        this.rest = requireNonNull(rest, "rest is null");
        this.books = requireNonNull(books, "books is null");
        this.scheduler = requireNonNull(scheduler, "scheduler is null");
        this.metrics = requireNonNull(metrics, "metrics is null");
        this.clock = requireNonNull(clock, "clock is null");
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
    public MarketClock clock()
    {
        return clock;
    }

    @Override
    public ReconnectPolicy reconnectPolicy(ReconnectPolicy.Settings settings, ReconnectPolicy.Listener listener)
    {
        return new SourceReconnectPolicy(name, settings, listener, metrics);
    }
}
