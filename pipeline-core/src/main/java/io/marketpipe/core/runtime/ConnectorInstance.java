package io.marketpipe.core.runtime;

import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.book.BookEngine;

import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * A running connector with its book engine, and what the runtime observes of it: the connection
 * state its status events report and when it last published.
 */
public final class ConnectorInstance
{
    private final String name;
    private final String type;
    private final BookEngine books;
    private final ObservingSink sink;
    private volatile Connector connector;

    ConnectorInstance(String name, String type, BookEngine books, ObservingSink sink)
    {
        this.name = requireNonNull(name, "name is null");
        this.type = requireNonNull(type, "type is null");
        this.books = requireNonNull(books, "books is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    void attach(Connector connector)
    {
        this.connector = requireNonNull(connector, "connector is null");
    }

    public String name()
    {
        return name;
    }

    public String type()
    {
        return type;
    }

    public Connector connector()
    {
        return connector;
    }

    public BookEngine books()
    {
        return books;
    }

    /**
     * @return the local receive time of the last event the connector published, epoch ns, or 0
     */
    public long lastEventNanos()
    {
        return sink.lastEventNanos.get();
    }

    /**
     * @return whether the connector's last connection status was {@code CONNECTED}
     */
    public boolean connected()
    {
        return sink.connected;
    }

    /**
     * @return the reason of the last {@code DISCONNECTED} or {@code RECONNECTING} status, or null
     */
    public String lastDisconnectReason()
    {
        return sink.lastDisconnectReason;
    }

    /**
     * Forwards a connector's events to the bus, noting connection state and freshness.
     */
    static final class ObservingSink
            implements EventSink
    {
        private final EventSink delegate;
        private final AtomicLong lastEventNanos = new AtomicLong();
        private volatile boolean connected;
        private volatile String lastDisconnectReason;

        ObservingSink(EventSink delegate)
        {
            this.delegate = requireNonNull(delegate, "delegate is null");
        }

        @Override
        public void accept(MarketEvent event)
        {
            if (event instanceof SourceStatus status) {
                switch (status.kind()) {
                    case CONNECTED:
                        connected = true;
                        break;
                    case DISCONNECTED:
                    case RECONNECTING:
                        connected = false;
                        lastDisconnectReason = status.reason();
                        break;
                    default:
                        break;
                }
            }
            else {
                lastEventNanos.set(event.receivedNanos());
            }
            delegate.accept(event);
        }
    }
}
