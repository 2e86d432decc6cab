package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.AbstractWebSocketConnection;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.api.transport.WebSocketTransport;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocket;
import okio.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_CONNECTS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FAILURES;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_RECEIVED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_SENT;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_LISTENER_ERRORS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_SENDS_QUEUED;
import static java.util.Objects.requireNonNull;

/**
 * WebSocket connections over OkHttp. Callbacks of one connection arrive in order on OkHttp's
 * reader thread for it; OkHttp answers the server's pings, and sends its own when the client
 * has a ping interval.
 *
 * <p>With a message rate, each connection sends at most that many messages in any second;
 * faster sends wait in order and are drained by the scheduler (counted in {@code ws.sends.queued}).
 * Binary frames are delivered as their UTF-8 text.
 */
public final class LiveWebSocketTransport
        implements WebSocketTransport
{
    private static final Logger log = LoggerFactory.getLogger(LiveWebSocketTransport.class);

    private final OkHttpClient client;
    private final int messagesPerSecond;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final MarketClock clock;
    private final Metrics.Counter framesReceived;
    private final Metrics.Counter framesSent;
    private final Metrics.Counter sendsQueued;
    private final Metrics.Counter connects;
    private final Metrics.Counter failures;
    private final Metrics.Counter listenerErrors;
    private final AtomicLong queuedSends = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    /**
     * A transport that sends as fast as the connector does.
     */
    public LiveWebSocketTransport(OkHttpClient client, Metrics metrics)
    {
        this(client, metrics, 0, null, System::nanoTime, MarketClock.SYSTEM);
    }

    /**
     * A transport that paces each connection's outgoing messages.
     *
     * @param messagesPerSecond the most messages one connection sends in any second; 0 for no limit
     * @param scheduler drains messages held back by the limit
     */
    public LiveWebSocketTransport(OkHttpClient client, Metrics metrics, int messagesPerSecond, ScheduledExecutorService scheduler)
    {
        this(client, metrics, messagesPerSecond, requireNonNull(scheduler, "scheduler is null"), System::nanoTime, MarketClock.SYSTEM);
    }

    LiveWebSocketTransport(OkHttpClient client, Metrics metrics, int messagesPerSecond, ScheduledExecutorService scheduler, LongSupplier nanoTime, MarketClock clock)
    {
        this.client = requireNonNull(client, "client is null");
        requireNonNull(metrics, "metrics is null");
        if (messagesPerSecond < 0) {
            throw new IllegalArgumentException("messagesPerSecond is negative: " + messagesPerSecond);
        }
        if (messagesPerSecond > 0 && scheduler == null) {
            throw new IllegalArgumentException("a message rate needs a scheduler");
        }
        this.messagesPerSecond = messagesPerSecond;
        this.scheduler = scheduler;
        this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.framesReceived = metrics.counter(WS_FRAMES_RECEIVED);
        this.framesSent = metrics.counter(WS_FRAMES_SENT);
        this.sendsQueued = metrics.counter(WS_SENDS_QUEUED);
        this.connects = metrics.counter(WS_CONNECTS);
        this.failures = metrics.counter(WS_FAILURES);
        this.listenerErrors = metrics.counter(WS_LISTENER_ERRORS);
    }

    /**
     * @return how many sends, in total, had to wait for the message rate
     */
    public long queuedSends()
    {
        return queuedSends.get();
    }

    private void countQueued()
    {
        queuedSends.incrementAndGet();
        sendsQueued.inc();
    }

    @Override
    public WebSocketConnection connect(String url, Map<String, String> headers, WebSocketListener listener)
    {
        requireNonNull(url, "url is null");
        requireNonNull(headers, "headers is null");
        requireNonNull(listener, "listener is null");
        LiveConnection connection = new LiveConnection(url, listener);
        Request request;
        try {
            Request.Builder builder = new Request.Builder().url(url);
            headers.forEach(builder::header);
            request = builder.build();
        }
        catch (IllegalArgumentException e) {
            failures.inc();
            connection.closing = true;
            listener.onFailure(connection, new IllegalArgumentException("cannot connect to " + url + ": " + e.getMessage(), e));
            return connection;
        }
        connection.attach(client.newWebSocket(request, connection.new Events()));
        return connection;
    }

    private final class LiveConnection
            extends AbstractWebSocketConnection
    {
        private final WebSocketListener listener;
        private final OutgoingMessagePacer pacer;
        private volatile WebSocket socket;
        private volatile boolean closing;

        LiveConnection(String url, WebSocketListener listener)
        {
            super(url);
            this.listener = listener;
            this.pacer = messagesPerSecond == 0 ? null : new OutgoingMessagePacer(messagesPerSecond, nanoTime, scheduler, this::write, LiveWebSocketTransport.this::countQueued);
        }

        void attach(WebSocket socket)
        {
            this.socket = socket;
        }

        @Override
        protected boolean closing()
        {
            return closing;
        }

        @Override
        protected boolean transmit(String text)
        {
            return pacer == null ? write(text) : pacer.offer(text);
        }

        private boolean write(String text)
        {
            WebSocket current = socket;
            if (current == null || !current.send(text)) {
                return false;
            }
            framesSent.inc();
            return true;
        }

        @Override
        public void close(int code, String reason)
        {
            if (closing) {
                return;
            }
            closing = true;
            WebSocket current = socket;
            if (current == null) {
                return;
            }
            if (pacer == null) {
                current.close(code, reason);
            }
            else {
                pacer.closeWhenDrained(() -> current.close(code, reason));
            }
        }

        @Override
        public void cancel()
        {
            closing = true;
            if (pacer != null) {
                pacer.discard();
            }
            WebSocket current = socket;
            if (current != null) {
                current.cancel();
            }
        }

        private void deliverText(String text)
        {
            long receivedNanos = clock.nowNanos();
            framesReceived.inc();
            try {
                listener.onText(this, text, receivedNanos);
            }
            catch (RuntimeException e) {
                listenerErrors.inc();
                if (listenerFailures.incrementAndGet() == 1) {
                    log.warn("listener of {} failed on a frame; the connection stays open (further failures are counted in {})", url(), WS_LISTENER_ERRORS, e);
                }
            }
        }

        private final class Events
                extends okhttp3.WebSocketListener
        {
            @Override
            public void onOpen(WebSocket webSocket, Response response)
            {
                socket = webSocket;
                connects.inc();
                listener.onOpen(LiveConnection.this);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text)
            {
                deliverText(text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes)
            {
                deliverText(bytes.utf8());
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason)
            {
                closing = true;
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason)
            {
                closing = true;
                if (pacer != null) {
                    pacer.discard();
                }
                listener.onClosed(LiveConnection.this, code, reason);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable failure, Response response)
            {
                closing = true;
                if (pacer != null) {
                    pacer.discard();
                }
                failures.inc();
                listener.onFailure(LiveConnection.this, failure);
            }
        }
    }
}
