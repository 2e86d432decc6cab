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
import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_CONNECTS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FAILURES;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_DELIVERED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_RECEIVED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_SENT;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_INBOUND_OVERFLOWS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_LISTENER_ERRORS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_SENDS_QUEUED;
import static java.util.Objects.requireNonNull;

/**
 * WebSocket connections over OkHttp. OkHttp reads each socket on a thread of its own, answers
 * the server's pings, and sends its own when the client has a ping interval.
 *
 * <p>The socket reader never waits for the listener. Each connection's events (open, frames,
 * close, failure) go, in order, through an inbound buffer of {@code inboundBuffer} events to a
 * delivery thread of the connection's own, which calls the listener. A listener may thus wait
 * (for a consumer whose buffer is full, say) while the socket keeps being read. A listener that
 * falls so far behind that the buffer fills loses the connection instead: the socket is
 * cancelled, the frames already buffered are delivered, then a failure naming the cause, counted
 * in {@code ws.inbound.overflows}; the connector reconnects and resynchronizes as after any
 * disconnection.
 *
 * <p>With a message rate, each connection sends at most that many messages in any second;
 * faster sends wait in order and are drained by the scheduler (counted in {@code ws.sends.queued}).
 * Binary frames are delivered as their UTF-8 text.
 */
public final class LiveWebSocketTransport
        implements WebSocketTransport
{
    /** Events of one connection that may wait for its listener, unless configured. */
    public static final int DEFAULT_INBOUND_BUFFER = 32_768;

    private static final Logger log = LoggerFactory.getLogger(LiveWebSocketTransport.class);

    private final OkHttpClient client;
    private final int messagesPerSecond;
    private final ScheduledExecutorService scheduler;
    private final LongSupplier nanoTime;
    private final MarketClock clock;
    private final Metrics.Counter framesReceived;
    private final Metrics.Counter framesDelivered;
    private final Metrics.Counter framesSent;
    private final Metrics.Counter sendsQueued;
    private final Metrics.Counter connects;
    private final Metrics.Counter failures;
    private final Metrics.Counter listenerErrors;
    private final Metrics.Counter inboundOverflows;
    private final int inboundBuffer;
    private final AtomicLong deliveryThreads = new AtomicLong();
    private final AtomicLong queuedSends = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    /**
     * A transport that sends as fast as the connector does.
     */
    public LiveWebSocketTransport(OkHttpClient client, Metrics metrics)
    {
        this(client, metrics, 0, null, DEFAULT_INBOUND_BUFFER, System::nanoTime, MarketClock.SYSTEM);
    }

    /**
     * A transport that paces each connection's outgoing messages.
     *
     * @param messagesPerSecond the most messages one connection sends in any second; 0 for no limit
     * @param scheduler drains messages held back by the limit
     * @param inboundBuffer how many events of one connection may wait for its listener
     */
    public LiveWebSocketTransport(OkHttpClient client, Metrics metrics, int messagesPerSecond, ScheduledExecutorService scheduler, int inboundBuffer)
    {
        this(client, metrics, messagesPerSecond, requireNonNull(scheduler, "scheduler is null"), inboundBuffer, System::nanoTime, MarketClock.SYSTEM);
    }

    LiveWebSocketTransport(OkHttpClient client, Metrics metrics, int messagesPerSecond, ScheduledExecutorService scheduler, int inboundBuffer, LongSupplier nanoTime, MarketClock clock)
    {
        if (inboundBuffer < 1) {
            throw new IllegalArgumentException("inboundBuffer must be positive: " + inboundBuffer);
        }
        this.inboundBuffer = inboundBuffer;
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
        this.framesDelivered = metrics.counter(WS_FRAMES_DELIVERED);
        this.framesSent = metrics.counter(WS_FRAMES_SENT);
        this.sendsQueued = metrics.counter(WS_SENDS_QUEUED);
        this.connects = metrics.counter(WS_CONNECTS);
        this.failures = metrics.counter(WS_FAILURES);
        this.listenerErrors = metrics.counter(WS_LISTENER_ERRORS);
        this.inboundOverflows = metrics.counter(WS_INBOUND_OVERFLOWS);
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
        private final Inbound inbound = new Inbound();
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

        private void receiveText(String text)
        {
            long receivedNanos = clock.nowNanos();
            framesReceived.inc();
            inbound.offer(() -> deliverText(text, receivedNanos), false);
        }

        private void deliverText(String text, long receivedNanos)
        {
            try {
                listener.onText(this, text, receivedNanos);
            }
            catch (RuntimeException e) {
                listenerErrors.inc();
                if (listenerFailures.incrementAndGet() == 1) {
                    log.warn("listener of {} failed on a frame; the connection stays open (further failures are counted in {})", url(), WS_LISTENER_ERRORS, e);
                }
            }
            finally {
                framesDelivered.inc();
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
                inbound.start();
                inbound.offer(() -> listener.onOpen(LiveConnection.this), false);
            }

            @Override
            public void onMessage(WebSocket webSocket, String text)
            {
                receiveText(text);
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes)
            {
                receiveText(bytes.utf8());
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
                inbound.offer(() -> listener.onClosed(LiveConnection.this, code, reason), true);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable failure, Response response)
            {
                closing = true;
                if (pacer != null) {
                    pacer.discard();
                }
                failures.inc();
                inbound.start();
                inbound.offer(() -> listener.onFailure(LiveConnection.this, failure), true);
            }
        }

        /**
         * The connection's events waiting for its listener, and the thread that delivers them in
         * order. Only OkHttp's reader thread of the connection offers, so the room left cannot
         * shrink between the check and the offer; one slot is kept for the event that ends the
         * connection.
         */
        private final class Inbound
                implements Runnable
        {
            private final BlockingQueue<Runnable> events = new ArrayBlockingQueue<>(inboundBuffer + 1);
            private boolean started;
            private boolean ended;

            synchronized void start()
            {
                if (!started) {
                    started = true;
                    Thread thread = new Thread(this, "marketpipe-ws-delivery-" + deliveryThreads.incrementAndGet());
                    thread.setDaemon(true);
                    thread.start();
                }
            }

            /**
             * @param last true for the event that ends the connection (closed, failed)
             */
            synchronized void offer(Runnable event, boolean last)
            {
                if (ended) {
                    return;
                }
                if (last) {
                    ended = true;
                    events.add(event);
                    return;
                }
                if (events.size() < inboundBuffer) {
                    events.add(event);
                    return;
                }
                ended = true;
                closing = true;
                inboundOverflows.inc();
                log.warn("{}: the listener fell {} events behind; the connection is dropped (counted in {})", url(), inboundBuffer, WS_INBOUND_OVERFLOWS);
                WebSocket current = socket;
                if (current != null) {
                    current.cancel();
                }
                IOException overflow = new IOException("the listener fell " + inboundBuffer + " events behind the socket "
                        + "(marketpipe.transport.websocket.inbound-buffer); the connection was dropped");
                events.add(() -> listener.onFailure(LiveConnection.this, overflow));
            }

            @Override
            public void run()
            {
                while (true) {
                    Runnable event;
                    try {
                        event = events.take();
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    event.run();
                    synchronized (this) {
                        if (ended && events.isEmpty()) {
                            return;
                        }
                    }
                }
            }
        }
    }
}
