package io.marketpipe.testkit.fakes;

import io.marketpipe.api.transport.AbstractWebSocketConnection;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.api.transport.WebSocketTransport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A WebSocket transport whose connections open at once and receive whatever frames the test pushes.
 */
public final class FakeWebSockets
        implements WebSocketTransport
{
    private final List<FakeConnection> connections = new ArrayList<>();
    private long nowNanos = 1_000_000_000L;
    private boolean refuse;

    @Override
    public WebSocketConnection connect(String url, Map<String, String> headers, WebSocketListener listener)
    {
        FakeConnection connection = new FakeConnection(url, listener);
        boolean refused;
        synchronized (this) {
            connections.add(connection);
            refused = refuse;
        }
        if (refused) {
            connection.closed = true;
            listener.onFailure(connection, new IOException("connection refused"));
        }
        else {
            listener.onOpen(connection);
        }
        return connection;
    }

    /**
     * Makes every further connection attempt fail before it opens.
     */
    public synchronized void refuseConnections(boolean refuse)
    {
        this.refuse = refuse;
    }

    public synchronized List<FakeConnection> connections()
    {
        return List.copyOf(connections);
    }

    /**
     * @return the latest connection opened
     */
    public synchronized FakeConnection last()
    {
        if (connections.isEmpty()) {
            throw new AssertionError("no connection was opened");
        }
        return connections.get(connections.size() - 1);
    }

    public synchronized List<FakeConnection> open()
    {
        return connections.stream().filter(connection -> !connection.closed).toList();
    }

    public final class FakeConnection
            extends AbstractWebSocketConnection
    {
        private final WebSocketListener listener;
        private final List<String> sent = new ArrayList<>();
        private boolean closed;
        private int closeCode;
        private String closeReason;

        FakeConnection(String url, WebSocketListener listener)
        {
            super(url);
            this.listener = listener;
        }

        @Override
        protected boolean closing()
        {
            return closed;
        }

        @Override
        protected boolean transmit(String text)
        {
            sent.add(text);
            return true;
        }

        @Override
        public void close(int code, String reason)
        {
            if (closed) {
                return;
            }
            closed = true;
            closeCode = code;
            closeReason = reason;
            listener.onClosed(this, code, reason);
        }

        @Override
        public void cancel()
        {
            if (!closed) {
                closed = true;
                listener.onFailure(this, new IOException("cancelled"));
            }
        }

        /**
         * Delivers a frame as if the venue sent it.
         */
        public void push(String text)
        {
            nowNanos += 1_000;
            listener.onText(this, text, nowNanos);
        }

        /**
         * The venue closes the connection with a close frame.
         */
        public void closeByVenue(int code, String reason)
        {
            closed = true;
            listener.onClosed(this, code, reason);
        }

        /**
         * The connection drops without a close frame.
         */
        public void drop()
        {
            closed = true;
            listener.onFailure(this, new IOException("connection reset"));
        }

        /**
         * @return the messages the connector sent, in order
         */
        public List<String> sent()
        {
            return List.copyOf(sent);
        }

        public boolean closed()
        {
            return closed;
        }

        public int closeCode()
        {
            return closeCode;
        }

        public String closeReason()
        {
            return closeReason;
        }
    }
}
