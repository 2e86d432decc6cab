package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.AbstractWebSocketConnection;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static java.util.Objects.requireNonNull;

/**
 * Tees the traffic of another {@link WebSocketTransport} into a capture: an {@code open} line at
 * each connect (connections numbered 1, 2, ... in connect order), every accepted {@code send},
 * every {@code recv} verbatim with its receive time, and a {@code close} when the connection
 * closes. A connection that fails without a close frame is recorded as a {@code close} with code
 * 1006 (abnormal closure) and the failure as reason.
 *
 * <p>A sent message is written before any frame received after it, so an answer never precedes
 * its request in the file.
 */
public final class RecordingWebSocketTransport
        implements WebSocketTransport
{
    private final WebSocketTransport delegate;
    private final CaptureTee tee;
    private final MarketClock clock;
    private final AtomicInteger connections = new AtomicInteger();

    public RecordingWebSocketTransport(WebSocketTransport delegate, CaptureWriter writer, MarketClock clock)
    {
        this(delegate, writer, clock, Metrics.NOOP);
    }

    public RecordingWebSocketTransport(WebSocketTransport delegate, CaptureWriter writer, MarketClock clock, Metrics metrics)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.tee = new CaptureTee(writer, metrics);
        this.clock = requireNonNull(clock, "clock is null");
    }

    /**
     * @return how many capture lines could not be written
     */
    public long writeFailures()
    {
        return tee.failures();
    }

    @Override
    public WebSocketConnection connect(String url, Map<String, String> headers, WebSocketListener listener)
    {
        requireNonNull(url, "url is null");
        requireNonNull(listener, "listener is null");
        RecordedConnection connection = new RecordedConnection(connections.incrementAndGet(), url);
        tee.write(CaptureLine.open(clock.nowNanos(), connection.number, url));
        connection.attach(delegate.connect(url, headers, new RecordingListener(connection, listener)));
        return connection;
    }

    private final class RecordedConnection
            extends AbstractWebSocketConnection
    {
        private final int number;
        private volatile WebSocketConnection inner;

        RecordedConnection(int number, String url)
        {
            super(url);
            this.number = number;
        }

        // the delegate may call back (onOpen in replay) before connect returns its handle
        void attach(WebSocketConnection connection)
        {
            if (inner == null) {
                inner = connection;
            }
        }

        @Override
        protected boolean closing()
        {
            // the recorded connection decides
            return false;
        }

        @Override
        protected boolean transmit(String text)
        {
            synchronized (this) {
                long ts = clock.nowNanos();
                if (!inner.send(text)) {
                    return false;
                }
                tee.write(CaptureLine.send(ts, number, text));
                return true;
            }
        }

        synchronized void recordReceived(String text, long receivedNanos)
        {
            tee.write(CaptureLine.recv(receivedNanos, number, text));
        }

        void recordClosed(int code, String reason)
        {
            tee.write(CaptureLine.close(clock.nowNanos(), number, code, reason == null ? "" : reason));
        }

        @Override
        public void close(int code, String reason)
        {
            inner.close(code, reason);
        }

        @Override
        public void cancel()
        {
            inner.cancel();
        }

        @Override
        public String toString()
        {
            return "recorded conn " + number + " " + url();
        }
    }

    private static final class RecordingListener
            implements WebSocketListener
    {
        private static final int ABNORMAL_CLOSURE = 1006;

        private final RecordedConnection connection;
        private final WebSocketListener listener;

        RecordingListener(RecordedConnection connection, WebSocketListener listener)
        {
            this.connection = connection;
            this.listener = listener;
        }

        @Override
        public void onOpen(WebSocketConnection inner)
        {
            connection.attach(inner);
            listener.onOpen(connection);
        }

        @Override
        public void onText(WebSocketConnection inner, String text, long receivedNanos)
        {
            connection.attach(inner);
            connection.recordReceived(text, receivedNanos);
            listener.onText(connection, text, receivedNanos);
        }

        @Override
        public void onClosed(WebSocketConnection inner, int code, String reason)
        {
            connection.attach(inner);
            connection.recordClosed(code, reason);
            listener.onClosed(connection, code, reason);
        }

        @Override
        public void onFailure(WebSocketConnection inner, Throwable failure)
        {
            connection.attach(inner);
            connection.recordClosed(ABNORMAL_CLOSURE, failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage());
            listener.onFailure(connection, failure);
        }
    }
}
