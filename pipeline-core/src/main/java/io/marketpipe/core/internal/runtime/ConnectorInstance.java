package io.marketpipe.core.internal.runtime;

import io.marketpipe.api.book.BookView;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.RunningConnector;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.internal.book.BookEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * A running connector with its book engine, and what the runtime observes of it: the connection
 * and circuit breaker state its status events report and when it last published.
 */
public final class ConnectorInstance
        implements RunningConnector
{
    private final InstanceBlock block;
    private final BookEngine books;
    private final ObservingSink sink;
    private volatile Connector connector;

    ConnectorInstance(InstanceBlock block, BookEngine books, ObservingSink sink)
    {
        this.block = requireNonNull(block, "block is null");
        this.books = requireNonNull(books, "books is null");
        this.sink = requireNonNull(sink, "sink is null");
    }

    /**
     * Stops logging connection losses: the connector is closing on purpose, or plays a capture
     * whose end closes its connections. Status events still flow.
     */
    void silenceLossReports()
    {
        sink.silent = true;
    }

    void attach(Connector connector)
    {
        this.connector = requireNonNull(connector, "connector is null");
    }

    @Override
    public String name()
    {
        return block.name();
    }

    @Override
    public String type()
    {
        return block.type();
    }

    @Override
    public Connector connector()
    {
        return connector;
    }

    /**
     * @return where the connector's events enter the pipeline: validation, quality, counting and
     *         candles apply to what is published here, as to the connector's own events
     */
    public EventSink sink()
    {
        return sink;
    }

    public BookEngine books()
    {
        return books;
    }

    @Override
    public Optional<BookView> book(Instrument instrument)
    {
        return books.book(instrument);
    }

    @Override
    public BookStats bookStats()
    {
        return books.stats();
    }

    @Override
    public long lastEventNanos()
    {
        return sink.lastEventNanos.get();
    }

    @Override
    public boolean connected()
    {
        return sink.connected;
    }

    @Override
    public String lastDisconnectReason()
    {
        return sink.lastDisconnectReason;
    }

    @Override
    public ReconnectPolicy.State circuitState()
    {
        return sink.circuitState;
    }

    @Override
    public String circuitReason()
    {
        return sink.circuitReason;
    }

    /**
     * Forwards a connector's events to the bus, noting connection state and freshness, and logs
     * connection changes for every venue alike: a connect, the first loss, and while the source
     * stays down, at most one line per {@link #REPEAT_LOG_NANOS} with the number of failures since.
     */
    static final class ObservingSink
            implements EventSink
    {
        private static final Logger log = LoggerFactory.getLogger(ConnectorInstance.class);
        private static final long REPEAT_LOG_NANOS = TimeUnit.MINUTES.toNanos(1);

        private final String name;
        private final EventSink delegate;
        private final AtomicLong lastEventNanos = new AtomicLong();
        private volatile boolean connected;
        private volatile String lastDisconnectReason;
        private volatile ReconnectPolicy.State circuitState = ReconnectPolicy.State.CLOSED;
        private volatile String circuitReason;
        private volatile boolean silent;
        private long lastLossLogged;
        private long unloggedLosses;
        private boolean lossLogged;

        ObservingSink(String name, EventSink delegate)
        {
            this.name = requireNonNull(name, "name is null");
            this.delegate = requireNonNull(delegate, "delegate is null");
        }

        @Override
        public void accept(MarketEvent event)
        {
            // a status relayed from another process (the Kafka connector's) describes that source, not this one
            if (event instanceof SourceStatus status && status.source().equals(name)) {
                switch (status.kind()) {
                    case CONNECTED:
                        connected = true;
                        logConnected(status);
                        break;
                    case DISCONNECTED:
                        connected = false;
                        lastDisconnectReason = status.reason();
                        logLoss(status);
                        break;
                    case RECONNECTING:
                        connected = false;
                        lastDisconnectReason = status.reason();
                        break;
                    case CIRCUIT_OPEN:
                        circuit(ReconnectPolicy.State.OPEN, status);
                        log.warn("{}: circuit breaker open: {}", name, status.reason());
                        break;
                    case CIRCUIT_HALF_OPEN:
                        circuit(ReconnectPolicy.State.HALF_OPEN, status);
                        log.info("{}: circuit breaker half-open: {}", name, status.reason());
                        break;
                    case CIRCUIT_CLOSED:
                        circuit(ReconnectPolicy.State.CLOSED, status);
                        log.info("{}: circuit breaker closed: {}", name, status.reason());
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

        private void circuit(ReconnectPolicy.State state, SourceStatus status)
        {
            circuitReason = status.reason();
            circuitState = state;
        }

        private synchronized void logConnected(SourceStatus status)
        {
            if (lossLogged && unloggedLosses > 0) {
                log.info("{}: {} (after {} more failed attempts)", name, status.reason(), unloggedLosses);
            }
            else {
                log.info("{}: {}", name, status.reason());
            }
            lossLogged = false;
            unloggedLosses = 0;
        }

        private synchronized void logLoss(SourceStatus status)
        {
            if (silent) {
                return;
            }
            long now = System.nanoTime();
            if (!lossLogged || now - lastLossLogged >= REPEAT_LOG_NANOS) {
                String since = unloggedLosses > 0 ? " (" + unloggedLosses + " more failures since the last report)" : "";
                log.warn("{}: {}{}", name, status.reason(), since);
                lossLogged = true;
                lastLossLogged = now;
                unloggedLosses = 0;
            }
            else {
                unloggedLosses++;
            }
        }
    }
}
