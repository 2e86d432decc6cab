package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

import static java.util.Objects.requireNonNull;

/**
 * Runs the WebSocket connections of one connector, whatever the venue: one connection per
 * {@link StreamShard}, each reopened after the source's backoff when it drops, unless the source's
 * circuit breaker holds attempts back; replaced before the venue's forced cut
 * ({@link StreamSettings#maxAge()}) and when the protocol asks; watched for silence.
 *
 * <p>The watchdog looks at each connection every half of the shorter stale setting. A connection
 * silent for half of {@code stale-after} is sent the protocol's probe, which a live connection
 * answers; one silent for {@code stale-after} is dropped and reopened (a connection whose reader is
 * busy handing a frame on is not silent). A stream silent for {@code stream-stale-after} on a live
 * connection is subscribed again. Both are reported as {@code STALE} statuses.
 *
 * <p>A frame the protocol cannot decode is counted ({@code frames.invalid}) and reported as a
 * {@code DECODE_ERROR} status (the first, then every {@value #DECODE_ERROR_REPORT_EVERY}th); a
 * frame whose handling throws is counted in {@code frames.failed}. Neither stops the connection
 * or other instruments.
 *
 * <p>Each connection attempt's outcome reaches the reconnect policy exactly once, through a
 * {@link ReconnectAttempt}: success at the first frame, failure when it drops before one.
 */
public final class StreamSupervisor
        implements AutoCloseable
{
    public static final int DECODE_ERROR_REPORT_EVERY = 100;

    private static final Logger log = LoggerFactory.getLogger(StreamSupervisor.class);
    private static final int NORMAL_CLOSURE = 1000;
    private static final int FRAME_EXCERPT = 120;

    private final ConnectorContext context;
    private final VenueStatus status;
    private final ReconnectPolicy policy;
    private final StreamSettings settings;
    private final StreamProtocol protocol;
    private final Watchdog watchdog;
    private final Metrics.Counter framesReceived;
    private final Metrics.Counter framesInvalid;
    private final Metrics.Counter framesFailed;
    private final Metrics.Counter reconnects;
    private final Metrics.Counter staleConnections;
    private final Metrics.Counter probes;
    private final Metrics.Counter resubscribedStreams;
    private final AtomicLong invalidFrames = new AtomicLong();
    private final AtomicLong failedFrames = new AtomicLong();

    private final Object lock = new Object();
    // guarded by lock
    private final List<Connection> connections = new ArrayList<>();
    private boolean closed;

    public StreamSupervisor(ConnectorContext context, VenueStatus status, ReconnectPolicy policy, StreamSettings settings, StreamProtocol protocol)
    {
        this.context = requireNonNull(context, "context is null");
        this.status = requireNonNull(status, "status is null");
        this.policy = requireNonNull(policy, "policy is null");
        this.settings = requireNonNull(settings, "settings is null");
        this.protocol = requireNonNull(protocol, "protocol is null");
        this.watchdog = Watchdog.of(settings.staleAfter(), settings.streamStaleAfter());
        Metrics metrics = context.metrics();
        this.framesReceived = metrics.counter("frames.received");
        this.framesInvalid = metrics.counter("frames.invalid");
        this.framesFailed = metrics.counter("frames.failed");
        this.reconnects = metrics.counter("connections.reconnects");
        this.staleConnections = metrics.counter("connections.stale");
        this.probes = metrics.counter("connections.probes");
        this.resubscribedStreams = metrics.counter("streams.resubscribed");
    }

    /**
     * Opens one connection per shard.
     */
    public void start(List<StreamShard> shards)
    {
        List<Connection> created = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            for (StreamShard shard : shards) {
                Connection connection = new Connection(shard);
                connections.add(connection);
                created.add(connection);
            }
        }
        created.forEach(Connection::open);
    }

    /**
     * Closes every connection; nothing reconnects afterwards. Idempotent.
     */
    @Override
    public void close()
    {
        List<WebSocketConnection> open = new ArrayList<>();
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            for (Connection connection : connections) {
                connection.generation++;
                connection.cancelTimers();
                if (connection.socket != null) {
                    open.add(connection.socket);
                    connection.socket = null;
                }
            }
        }
        for (WebSocketConnection socket : open) {
            try {
                socket.close(NORMAL_CLOSURE, "connector closed");
            }
            catch (RuntimeException e) {
                log.debug("Closing {} failed", socket.url(), e);
            }
            status.report(SourceStatus.Kind.DISCONNECTED, null, "connector closed");
        }
    }

    private ScheduledFuture<?> schedule(Runnable task, Duration delay)
    {
        try {
            return context.scheduler().schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
        }
        catch (RejectedExecutionException e) {
            log.debug("Connector {}: scheduler is shut down", context.name());
            return null;
        }
    }

    private void decodeError(String text, DecodeException error)
    {
        framesInvalid.inc();
        long count = invalidFrames.incrementAndGet();
        if (count == 1 || count % DECODE_ERROR_REPORT_EVERY == 0) {
            String excerpt = text.length() > FRAME_EXCERPT ? text.substring(0, FRAME_EXCERPT) + "..." : text;
            String reason = error.getMessage() + " (" + count + " undecodable frame" + (count == 1 ? "" : "s") + " so far); frame: " + excerpt;
            log.warn("Connector {}: {}", context.name(), reason);
            status.report(SourceStatus.Kind.DECODE_ERROR, null, reason);
        }
    }

    private void handlingFailed(RuntimeException e)
    {
        framesFailed.inc();
        if (failedFrames.incrementAndGet() == 1) {
            log.error("Connector {} failed to handle a frame; it goes on (further failures are counted in frames.failed)", context.name(), e);
        }
    }

    /**
     * How often connections are looked at and after how many silent looks they, or one of their
     * streams, count as stale; a count of 0 turns that check off.
     */
    private record Watchdog(Duration period, int connectionLooks, int streamLooks)
    {
        static Watchdog of(Duration staleAfter, Duration streamStaleAfter)
        {
            long connection = staleAfter.toNanos();
            long stream = streamStaleAfter.toNanos();
            long shortest = connection == 0 ? stream : stream == 0 ? connection : Math.min(connection, stream);
            if (shortest == 0) {
                return new Watchdog(Duration.ZERO, 0, 0);
            }
            long period = Math.max(1, shortest / 2);
            return new Watchdog(Duration.ofNanos(period), looks(connection, period), looks(stream, period));
        }

        private static int looks(long staleNanos, long period)
        {
            return staleNanos == 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, (staleNanos + period - 1) / period);
        }

        boolean enabled()
        {
            return connectionLooks > 0 || streamLooks > 0;
        }
    }

    /**
     * One shard's connection and its successors.
     */
    private final class Connection
    {
        private final StreamShard shard;
        private final Map<String, Integer> streamIndex = new HashMap<>();
        // written under lock; read without it to drop frames of a replaced connection
        private volatile long generation;
        // the attempt whose outcome the policy has not heard yet, or null
        private volatile ReconnectAttempt attempt;
        // guarded by lock
        private WebSocketConnection socket;
        private int failures;
        private ScheduledFuture<?> timer;
        private ScheduledFuture<?> watch;
        private long framesAtLook;
        private int silentLooks;
        private final long[] streamFramesAtLook;
        private final int[] streamSilentLooks;
        // counted on the connection's reader thread, looked at by the watchdog
        private final AtomicLong frames = new AtomicLong();
        private final AtomicLongArray streamFrames;
        // a frame is being handled: a reader held up handing it on is not a silent venue
        private volatile boolean busy;

        Connection(StreamShard shard)
        {
            this.shard = shard;
            for (String stream : shard.streams()) {
                streamIndex.putIfAbsent(stream, streamIndex.size());
            }
            this.streamFrames = new AtomicLongArray(streamIndex.size());
            this.streamFramesAtLook = new long[streamIndex.size()];
            this.streamSilentLooks = new int[streamIndex.size()];
        }

        void open()
        {
            long current;
            synchronized (lock) {
                if (closed) {
                    return;
                }
                current = ++generation;
                timer = null;
            }
            Duration wait = policy.tryAttempt();
            synchronized (lock) {
                if (closed || generation != current) {
                    return;
                }
                if (!wait.isZero()) {
                    // the circuit breaker holds attempts back; ask again when it may let one through
                    timer = schedule(this::open, wait);
                    return;
                }
                attempt = new ReconnectAttempt(policy);
            }
            Listener listener = new Listener(this, current);
            try {
                context.webSockets().connect(shard.url(), listener);
            }
            catch (RuntimeException e) {
                lost(current, "cannot connect: " + e);
            }
        }

        void opened(long current, WebSocketConnection connected)
        {
            synchronized (lock) {
                if (!closed && generation == current) {
                    socket = connected;
                    cancelTimers();
                    if (!settings.maxAge().isZero()) {
                        timer = schedule(() -> replace(current, "reconnecting " + settings.maxAgeReason()), settings.maxAge());
                    }
                    watch(current);
                    connected = null;
                }
            }
            if (connected != null) {
                connected.close(NORMAL_CLOSURE, "superseded");
                return;
            }
            List<String> messages = protocol.subscribe(shard);
            for (String message : messages) {
                send(current, message);
            }
            protocol.connected(shard);
            status.report(SourceStatus.Kind.CONNECTED, null, "connection " + shard.index() + " open with " + shard.streams().size() + " streams of "
                    + shard.instruments().size() + " instruments");
        }

        /**
         * A frame of this attempt arrived: the first one tells the policy the attempt succeeded.
         */
        void received()
        {
            frames.incrementAndGet();
            ReconnectAttempt pending = attempt;
            if (pending != null && !pending.settled() && pending.succeeded()) {
                synchronized (lock) {
                    failures = 0;
                }
            }
        }

        void streamReceived(String stream)
        {
            Integer index = streamIndex.get(stream);
            if (index != null) {
                streamFrames.incrementAndGet(index);
            }
        }

        boolean send(long current, String text)
        {
            WebSocketConnection target;
            synchronized (lock) {
                if (closed || generation != current || socket == null) {
                    return false;
                }
                target = socket;
            }
            return target.send(text);
        }

        /**
         * The connection closed or failed without being asked to.
         */
        void lost(long current, String reason)
        {
            Duration delay;
            ReconnectAttempt pending;
            synchronized (lock) {
                if (closed || generation != current) {
                    return;
                }
                generation++;
                socket = null;
                cancelTimers();
                pending = attempt;
                attempt = null;
                failures++;
                delay = policy.backoff(failures);
                timer = schedule(() -> reopen(reason), delay);
            }
            status.report(SourceStatus.Kind.DISCONNECTED, null, "connection " + shard.index() + " " + reason + "; reconnecting in " + delay.toMillis() + " ms");
            if (pending != null) {
                pending.failed("connection " + shard.index() + " " + reason);
            }
            protocol.disconnected(shard, reason);
        }

        private void reopen(String reason)
        {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                timer = null;
            }
            reconnects.inc();
            status.report(SourceStatus.Kind.RECONNECTING, null, "connection " + shard.index() + " reconnecting after: " + reason);
            open();
        }

        /**
         * Replaces a healthy connection at once: before the venue's cut, or when the protocol asks.
         */
        void replace(long current, String reason)
        {
            WebSocketConnection old;
            ReconnectAttempt pending;
            synchronized (lock) {
                if (closed || generation != current) {
                    return;
                }
                generation++;
                old = socket;
                socket = null;
                cancelTimers();
                pending = attempt;
                attempt = null;
            }
            if (pending != null) {
                // it opened, which is all a replaced connection is asked to do
                pending.succeeded();
            }
            reconnects.inc();
            status.report(SourceStatus.Kind.RECONNECTING, null, "connection " + shard.index() + " " + reason);
            if (old != null) {
                old.close(NORMAL_CLOSURE, reason);
            }
            protocol.disconnected(shard, reason);
            open();
        }

        void resubscribe(long current, List<String> streams, String reason)
        {
            resubscribedStreams.inc(streams.size());
            for (String message : protocol.resubscribe(shard, streams)) {
                send(current, message);
            }
            log.debug("Connector {}: connection {} subscribed again to {}: {}", context.name(), shard.index(), streams, reason);
        }

        // guarded by lock
        private void watch(long current)
        {
            if (!watchdog.enabled()) {
                return;
            }
            framesAtLook = frames.get();
            silentLooks = 0;
            for (int i = 0; i < streamSilentLooks.length; i++) {
                streamFramesAtLook[i] = streamFrames.get(i);
                streamSilentLooks[i] = 0;
            }
            watch = schedule(() -> look(current), watchdog.period());
        }

        /**
         * The watchdog's look: probes a connection gone quiet, drops one that stayed quiet, and
         * subscribes again to streams gone quiet on a live connection.
         */
        private void look(long current)
        {
            WebSocketConnection socketNow;
            boolean stale;
            boolean probe;
            long silentMillis;
            List<String> quietStreams = new ArrayList<>();
            synchronized (lock) {
                if (closed || generation != current || socket == null) {
                    return;
                }
                socketNow = socket;
                long seen = frames.get();
                silentLooks = seen == framesAtLook && !busy ? silentLooks + 1 : 0;
                framesAtLook = seen;
                silentMillis = watchdog.period().multipliedBy(silentLooks).toMillis();
                int connectionLooks = watchdog.connectionLooks();
                stale = connectionLooks > 0 && silentLooks >= connectionLooks;
                probe = connectionLooks > 0 && !stale && silentLooks == Math.max(1, connectionLooks / 2);
                if (watchdog.streamLooks() > 0 && (connectionLooks == 0 || silentLooks == 0)) {
                    List<String> names = new ArrayList<>(streamIndex.keySet());
                    for (String name : names) {
                        int i = streamIndex.get(name);
                        long streamSeen = streamFrames.get(i);
                        streamSilentLooks[i] = streamSeen == streamFramesAtLook[i] ? streamSilentLooks[i] + 1 : 0;
                        streamFramesAtLook[i] = streamSeen;
                        if (streamSilentLooks[i] >= watchdog.streamLooks()) {
                            quietStreams.add(name);
                            streamSilentLooks[i] = 0;
                        }
                    }
                }
                if (!stale) {
                    watch = schedule(() -> look(current), watchdog.period());
                }
            }
            if (stale) {
                staleConnections.inc();
                String reason = "delivered nothing for " + silentMillis + " ms";
                status.report(SourceStatus.Kind.STALE, null, "connection " + shard.index() + " " + reason + "; dropping it");
                lost(current, reason);
                socketNow.cancel();
                return;
            }
            if (probe) {
                String message = protocol.probe();
                if (message != null) {
                    probes.inc();
                    socketNow.send(message);
                }
            }
            if (!quietStreams.isEmpty()) {
                resubscribe(current, quietStreams, "silent");
                status.report(SourceStatus.Kind.STALE, null, "connection " + shard.index() + ": " + String.join(", ", quietStreams) + " delivered nothing for "
                        + watchdog.period().multipliedBy(watchdog.streamLooks()).toMillis() + " ms; subscribed again");
            }
        }

        // guarded by lock
        private void cancelTimers()
        {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
            if (watch != null) {
                watch.cancel(false);
                watch = null;
            }
        }
    }

    /**
     * The events of one connection attempt; once the attempt is replaced they are ignored.
     */
    private final class Listener
            implements WebSocketListener, StreamConnection
    {
        private final Connection connection;
        private final long attempt;

        Listener(Connection connection, long attempt)
        {
            this.connection = connection;
            this.attempt = attempt;
        }

        @Override
        public void onOpen(WebSocketConnection socket)
        {
            connection.opened(attempt, socket);
        }

        @Override
        public void onText(WebSocketConnection socket, String text, long receivedNanos)
        {
            if (connection.generation != attempt) {
                return;
            }
            framesReceived.inc();
            connection.received();
            connection.busy = true;
            try {
                protocol.frame(this, text, receivedNanos);
            }
            catch (DecodeException e) {
                decodeError(text, e);
            }
            catch (RuntimeException e) {
                handlingFailed(e);
            }
            finally {
                connection.busy = false;
            }
        }

        @Override
        public void onClosed(WebSocketConnection socket, int code, String reason)
        {
            connection.lost(attempt, "closed by the venue (" + code + (reason.isEmpty() ? "" : " " + reason) + ")");
        }

        @Override
        public void onFailure(WebSocketConnection socket, Throwable failure)
        {
            connection.lost(attempt, "failed (" + failure + ")");
        }

        @Override
        public StreamShard shard()
        {
            return connection.shard;
        }

        @Override
        public boolean send(String text)
        {
            return connection.send(attempt, text);
        }

        @Override
        public void streamActive(String stream)
        {
            connection.streamReceived(stream);
        }

        @Override
        public void resubscribe(List<String> streams, String reason)
        {
            if (connection.generation == attempt) {
                connection.resubscribe(attempt, streams, reason);
            }
        }

        @Override
        public void replace(String reason)
        {
            connection.replace(attempt, reason);
        }
    }
}
