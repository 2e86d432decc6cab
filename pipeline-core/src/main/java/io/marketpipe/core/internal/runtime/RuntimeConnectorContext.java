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
record RuntimeConnectorContext(
        String name,
        EventSink sink,
        WebSocketTransport webSockets,
        RestTransport rest,
        OrderBooks books,
        ScheduledExecutorService scheduler,
        Metrics metrics,
        MarketClock clock)
        implements ConnectorContext
{
    RuntimeConnectorContext
    {
        requireNonNull(name, "name is null");
        requireNonNull(sink, "sink is null");
        requireNonNull(webSockets, "webSockets is null");
        requireNonNull(rest, "rest is null");
        requireNonNull(books, "books is null");
        requireNonNull(scheduler, "scheduler is null");
        requireNonNull(metrics, "metrics is null");
        requireNonNull(clock, "clock is null");
    }

    @Override
    public ReconnectPolicy reconnectPolicy(ReconnectPolicy.Settings settings, ReconnectPolicy.Listener listener)
    {
        return new SourceReconnectPolicy(name, settings, listener, metrics);
    }
}
