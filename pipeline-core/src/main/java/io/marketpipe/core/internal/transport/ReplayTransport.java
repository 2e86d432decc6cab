package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.AbstractWebSocketConnection;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.capture.CaptureFormatException;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.CaptureTruncatedException;
import io.marketpipe.core.capture.ReplaySpeed;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static io.marketpipe.core.internal.transport.TransportMetricNames.REPLAY_UNMATCHED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REPLAY_UNROUTED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_REQUESTS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_CONNECTS;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_DELIVERED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_RECEIVED;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_FRAMES_SENT;
import static io.marketpipe.core.internal.transport.TransportMetricNames.WS_LISTENER_ERRORS;
import static java.util.Objects.requireNonNull;

/**
 * Plays a capture back through unchanged connector code: it is both the connector's WebSocket
 * and its REST transport.
 *
 * <h2>REST</h2>
 * Opening the transport indexes every {@code rest} line (see {@link RecordedRestExchanges} for how
 * a request finds its recorded response), holding the first {@link #REST_BODIES_HELD} characters
 * of response bodies in memory and setting the others aside in a temporary file that
 * {@link #close()} releases: a recording of any length replays in bounded memory. Every future is returned already complete, so a
 * connector's {@code thenAccept} runs on the calling thread, deterministically. A request nothing
 * recorded matches is answered 404 with a body naming it, and counted; it never hangs.
 *
 * <h2>WebSocket</h2>
 * {@code connect} calls {@code onOpen} at once, on the calling thread, and gives the connection a
 * slot: the first slot whose connection the connector closed or cancelled (so a reconnect takes
 * over the place of the connection it replaces), else a new one. The i-th distinct {@code conn}
 * of the capture (in order of first appearance) feeds slot {@code i mod slots}, slots counted
 * when the frame is replayed, so a connector may shard differently than the recorder did.
 * A connection opened after the end of the capture fails at once ({@code onFailure}, never
 * {@code onOpen}). {@code send} is accepted and counted. {@code close} and {@code cancel} stop the frames at once;
 * their {@code onClosed} or {@code onFailure} follows on the replay thread (or on the caller's
 * thread when no replay is running). Recorded {@code close} lines are not replayed: the
 * connection keeps receiving the frames that follow.
 *
 * <h2>Running</h2>
 * {@link #run()} replays every {@code recv} line in file order on the calling thread, paced by
 * the recorded times per the {@link ReplaySpeed}, then closes every open connection with 1000
 * "end of capture". Frames that no open connection can take are counted as unrouted.
 * {@link #clock()} follows the recording: the time of the latest line replayed, never going
 * back; before the first line, the first recorded time.
 *
 * <h2>Damaged captures</h2>
 * A line that is not valid is skipped and the replay goes on; a file that ends abruptly (a
 * recording killed before it closed the file, a copy cut short) is replayed up to its damage.
 * Both are counted in the {@link ReplayResult} with the file, line and what was wrong, and the
 * first is logged.
 */
public final class ReplayTransport
        implements WebSocketTransport, RestTransport, AutoCloseable
{
    /**
     * The characters of recorded REST response bodies a replay holds in memory, by default; a
     * day of order book snapshots or of polled quotes goes far beyond, and is set aside on disk.
     */
    public static final long REST_BODIES_HELD = 16L << 20;

    private static final Logger log = LoggerFactory.getLogger(ReplayTransport.class);
    private static final int NORMAL_CLOSURE = 1000;

    private final Path capture;
    private final ReplaySpeed speed;
    private final CaptureHeader header;
    private final RecordedRestExchanges exchanges;
    // the i-th distinct conn of the capture, in order of first appearance, has ordinal i; replay thread only
    private final Map<Integer, Integer> connOrdinals = new HashMap<>();
    private final LongSupplier nanoTime;
    private final ReplayPacer pacer;
    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final MarketClock clock = this::replayNanos;

    private final Metrics.Counter framesReceivedCounter;
    private final Metrics.Counter framesDeliveredCounter;
    private final Metrics.Counter framesSentCounter;
    private final Metrics.Counter connectsCounter;
    private final Metrics.Counter restRequestsCounter;
    private final Metrics.Counter unmatchedCounter;
    private final Metrics.Counter unroutedCounter;
    private final Metrics.Counter listenerErrorsCounter;

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong restAnswered = new AtomicLong();
    private final AtomicLong restUnmatched = new AtomicLong();
    private final AtomicLong listenerFailures = new AtomicLong();

    private final Object lock = new Object();
    // guarded by lock
    private final List<ReplayConnection> slots = new ArrayList<>();
    private final ArrayDeque<Runnable> pendingCallbacks = new ArrayDeque<>();
    private boolean running;
    private boolean started;
    private boolean ended;

    private volatile long replayNanos;
    private volatile boolean stopRequested;

    private ReplayTransport(Builder builder, CaptureHeader header, RecordedRestExchanges exchanges, long firstNanos)
    {
        this.capture = builder.capture;
        this.speed = builder.speed;
        this.header = header;
        this.exchanges = exchanges;
        this.replayNanos = firstNanos;
        this.nanoTime = builder.nanoTime;
        ReplayPacer.Sleeper sleeper = builder.sleeper != null ? builder.sleeper : nanos -> stopSignal.await(nanos, TimeUnit.NANOSECONDS);
        this.pacer = new ReplayPacer(speed, builder.maxPause, nanoTime, sleeper);
        Metrics metrics = builder.metrics;
        this.framesReceivedCounter = metrics.counter(WS_FRAMES_RECEIVED);
        this.framesDeliveredCounter = metrics.counter(WS_FRAMES_DELIVERED);
        this.framesSentCounter = metrics.counter(WS_FRAMES_SENT);
        this.connectsCounter = metrics.counter(WS_CONNECTS);
        this.restRequestsCounter = metrics.counter(REST_REQUESTS);
        this.unmatchedCounter = metrics.counter(REPLAY_UNMATCHED);
        this.unroutedCounter = metrics.counter(REPLAY_UNROUTED);
        this.listenerErrorsCounter = metrics.counter(WS_LISTENER_ERRORS);
    }

    /**
     * Opens a capture for replay, reading it once to index its REST responses.
     *
     * @throws io.marketpipe.core.capture.CaptureFormatException when the file is not a valid capture
     */
    public static ReplayTransport open(Path capture, ReplaySpeed speed)
            throws IOException
    {
        return builder(capture).speed(speed).build();
    }

    public static Builder builder(Path capture)
    {
        return new Builder(capture);
    }

    /**
     * @return the capture's header (exchange, market, symbols), to build the matching connector
     */
    public CaptureHeader header()
    {
        return header;
    }

    /**
     * @return the replay clock: the recorded time of the latest replayed line
     */
    public MarketClock clock()
    {
        return clock;
    }

    public ReplaySpeed speed()
    {
        return speed;
    }

    /**
     * @return the bytes of REST response bodies set aside on disk
     */
    long restBytesSetAside()
    {
        return exchanges.spilledBytes();
    }

    /**
     * Releases the REST responses set aside on disk; a request answered from them fails after this.
     */
    @Override
    public void close()
    {
        exchanges.close();
    }

    /**
     * Ends a running {@link #run()} early, from any thread; it then closes the connections
     * with reason "replay stopped" and returns.
     */
    public void stop()
    {
        stopRequested = true;
        stopSignal.countDown();
    }

    @Override
    public CompletableFuture<RestResponse> send(RestRequest request)
    {
        requireNonNull(request, "request is null");
        restRequestsCounter.inc();
        Optional<CaptureLine> recorded;
        try {
            recorded = exchanges.answer(request.method(), request.url());
        }
        catch (UncheckedIOException e) {
            return CompletableFuture.failedFuture(e.getCause());
        }
        if (recorded.isEmpty()) {
            unmatchedCounter.inc();
            if (restUnmatched.incrementAndGet() == 1) {
                log.warn("replay of {}: no recorded response matches {} {}; answering 404 (further misses are counted in {})",
                        capture.getFileName(), request.method(), request.url(), REPLAY_UNMATCHED);
            }
            String body = "replay: no recorded response in " + capture.getFileName() + " matches " + request.method() + " " + request.url();
            return CompletableFuture.completedFuture(new RestResponse(404, Map.of(), body, replayNanos));
        }
        restAnswered.incrementAndGet();
        CaptureLine line = recorded.get();
        long receivedNanos = line.ts() > 0 ? line.ts() : replayNanos;
        return CompletableFuture.completedFuture(new RestResponse(line.status(), Map.of(), line.data(), receivedNanos));
    }

    /**
     * @return the recorded REST requests in recorded order, for a polled source to replay
     */
    @Override
    public List<RestRequest> recordedRequests()
    {
        return exchanges.requests();
    }

    @Override
    public WebSocketConnection connect(String url, Map<String, String> headers, WebSocketListener listener)
    {
        requireNonNull(url, "url is null");
        requireNonNull(listener, "listener is null");
        ReplayConnection connection = new ReplayConnection(url, listener);
        connections.incrementAndGet();
        connectsCounter.inc();
        synchronized (lock) {
            if (ended) {
                // the recording is over: a reconnect finds no venue, and opens nothing a book could resync on
                connection.closed = true;
            }
        }
        if (connection.closed) {
            listener.onFailure(connection, new IOException("end of capture: " + capture.getFileName() + " has been replayed"));
            return connection;
        }
        listener.onOpen(connection);
        synchronized (lock) {
            if (!ended) {
                assignSlot(connection);
                return connection;
            }
        }
        connection.closeBy(() -> listener.onClosed(connection, NORMAL_CLOSURE, "end of capture"));
        return connection;
    }

    /**
     * Replays every recorded frame on the calling thread, then closes the open connections.
     * Call once, after starting the connector.
     *
     * @throws UncheckedIOException when the capture cannot be read
     * @throws IllegalStateException when called a second time
     */
    public ReplayResult run()
    {
        synchronized (lock) {
            if (started) {
                throw new IllegalStateException("replay of " + capture + " was already run");
            }
            started = true;
            running = true;
        }
        log.info("replaying {} at {}", capture.getFileName(), speed);
        long startNanos = nanoTime.getAsLong();
        long framesReplayed = 0;
        long unrouted = 0;
        long listenerErrors = 0;
        boolean stopped = false;
        boolean interrupted = false;
        CaptureDamage damage = new CaptureDamage();
        try (ReadAhead lines = new ReadAhead(CaptureReader.open(capture).withoutRestBodies(), damage)) {
            for (CaptureLine line = lines.next(); line != null; line = lines.next()) {
                runPendingCallbacks();
                if (line.kind() == CaptureLine.Kind.REST) {
                    advanceClock(line.ts());
                    continue;
                }
                Integer ordinal = connOrdinals.get(line.conn());
                if (ordinal == null) {
                    ordinal = connOrdinals.size();
                    connOrdinals.put(line.conn(), ordinal);
                }
                if (line.kind() != CaptureLine.Kind.RECV) {
                    advanceClock(line.ts());
                    continue;
                }
                try {
                    pacer.await(line.ts());
                }
                catch (InterruptedException e) {
                    interrupted = true;
                }
                if (interrupted || stopRequested) {
                    stopped = true;
                    break;
                }
                advanceClock(line.ts());
                ReplayConnection target = route(ordinal);
                if (target == null) {
                    unrouted++;
                    unroutedCounter.inc();
                    continue;
                }
                framesReplayed++;
                framesReceivedCounter.inc();
                if (!target.deliver(line.data(), line.ts() > 0 ? line.ts() : replayNanos)) {
                    listenerErrors++;
                }
                framesDeliveredCounter.inc();
            }
            if (lines.interrupted()) {
                interrupted = true;
                stopped = true;
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot replay " + capture + ": " + e.getMessage(), e);
        }
        finally {
            finish(stopped ? "replay stopped" : "end of capture");
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        ReplayResult result = new ReplayResult(
                framesReplayed,
                unrouted,
                messagesSent.get(),
                connections.get(),
                restAnswered.get(),
                exchanges.repeatedAnswers(),
                restUnmatched.get(),
                listenerErrors,
                damage.count(),
                damage.truncated(),
                damage.messages(),
                nanoTime.getAsLong() - startNanos,
                stopped);
        log.info("replayed {} at {}: {}", capture.getFileName(), speed, result);
        if (damage.count() > 0) {
            log.warn("capture {} is damaged: {} line(s) could not be read{}; first: {}", capture, damage.count(),
                    damage.truncated() ? ", and it ends abruptly (everything before was replayed)" : "", damage.messages().get(0));
        }
        return result;
    }

    private long replayNanos()
    {
        return replayNanos;
    }

    private void advanceClock(long ts)
    {
        if (ts > replayNanos) {
            replayNanos = ts;
        }
    }

    private void assignSlot(ReplayConnection connection)
    {
        for (int i = 0; i < slots.size(); i++) {
            if (slots.get(i).closed) {
                slots.set(i, connection);
                return;
            }
        }
        slots.add(connection);
    }

    private ReplayConnection route(int ordinal)
    {
        synchronized (lock) {
            if (slots.isEmpty()) {
                return null;
            }
            ReplayConnection connection = slots.get(ordinal % slots.size());
            return connection.closed ? null : connection;
        }
    }

    private void runPendingCallbacks()
    {
        while (true) {
            Runnable callback;
            synchronized (lock) {
                callback = pendingCallbacks.poll();
            }
            if (callback == null) {
                return;
            }
            callback.run();
        }
    }

    private void finish(String reason)
    {
        List<ReplayConnection> open = new ArrayList<>();
        synchronized (lock) {
            running = false;
            ended = true;
            for (ReplayConnection connection : slots) {
                if (!connection.closed) {
                    connection.closed = true;
                    open.add(connection);
                }
            }
        }
        runPendingCallbacks();
        for (ReplayConnection connection : open) {
            connection.listener.onClosed(connection, NORMAL_CLOSURE, reason);
        }
    }

    private final class ReplayConnection
            extends AbstractWebSocketConnection
    {
        private final WebSocketListener listener;
        // written under lock, read without it by send
        private volatile boolean closed;

        ReplayConnection(String url, WebSocketListener listener)
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
            messagesSent.incrementAndGet();
            framesSentCounter.inc();
            return true;
        }

        @Override
        public void close(int code, String reason)
        {
            closeBy(() -> listener.onClosed(this, code, reason));
        }

        @Override
        public void cancel()
        {
            closeBy(() -> listener.onFailure(this, new IOException("connection cancelled")));
        }

        void closeBy(Runnable callback)
        {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                closed = true;
                if (running) {
                    pendingCallbacks.add(callback);
                    return;
                }
            }
            callback.run();
        }

        /**
         * @return false when the listener threw
         */
        boolean deliver(String text, long receivedNanos)
        {
            try {
                listener.onText(this, text, receivedNanos);
                return true;
            }
            catch (RuntimeException e) {
                listenerErrorsCounter.inc();
                if (listenerFailures.incrementAndGet() == 1) {
                    log.warn("listener of replayed connection {} failed on a frame; the replay goes on (further failures are counted in {})", url(), WS_LISTENER_ERRORS, e);
                }
                return false;
            }
        }

        @Override
        public String toString()
        {
            return "replayed WebSocket " + url();
        }
    }

    /**
     * Reads and parses the capture's lines on a thread of its own, a bounded number of lines
     * ahead of the replay, so that reading and decoding a frame overlap with delivering the one
     * before. The lines go over in batches, few hand-overs for a large capture; the first
     * batches are small, so that the replay begins without waiting for a large one to fill.
     */
    private static final class ReadAhead
            implements AutoCloseable
    {
        private static final int FIRST_BATCH = 16;
        private static final int BATCH = 1024;
        private static final int BATCHES_AHEAD = 8;
        // an ArrayList like every batch, so that the reading loop sees one list class
        private static final ArrayList<CaptureLine> END = new ArrayList<>(0);

        private final CaptureReader reader;
        private final CaptureDamage damage;
        private final BlockingQueue<ArrayList<CaptureLine>> batches = new ArrayBlockingQueue<>(BATCHES_AHEAD);
        private final Thread thread;
        private volatile boolean closed;
        // written by the reading thread before it hands over END
        private IOException failure;
        private RuntimeException error;
        private ArrayList<CaptureLine> batch = new ArrayList<>();
        private int index;
        private boolean interrupted;

        ReadAhead(CaptureReader reader, CaptureDamage damage)
        {
            this.reader = reader;
            this.damage = damage;
            this.thread = new Thread(this::read, "marketpipe-replay-reader");
            this.thread.setDaemon(true);
            this.thread.start();
        }

        private void read()
        {
            int size = FIRST_BATCH;
            ArrayList<CaptureLine> lines = new ArrayList<>(size);
            try {
                for (CaptureLine line = damage.next(reader); !damage.ended() && !closed; line = damage.next(reader)) {
                    if (line == null) {
                        continue;
                    }
                    lines.add(line);
                    if (lines.size() == size) {
                        hand(lines);
                        size = Math.min(size * 2, BATCH);
                        lines = new ArrayList<>(size);
                    }
                }
                if (!lines.isEmpty()) {
                    hand(lines);
                }
            }
            catch (IOException e) {
                failure = e;
            }
            catch (RuntimeException e) {
                error = e;
            }
            finally {
                hand(END);
            }
        }

        private void hand(ArrayList<CaptureLine> lines)
        {
            try {
                while (!closed && !batches.offer(lines, 100, TimeUnit.MILLISECONDS)) {
                    // the replay is slower than the reading: wait for room, or for close
                }
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
            }
        }

        /**
         * @return the next valid line, or null at the end of what can be read or when {@link #interrupted()}
         */
        CaptureLine next()
                throws IOException
        {
            if (index == batch.size()) {
                if (batch == END) {
                    return null;
                }
                try {
                    batch = batches.take();
                }
                catch (InterruptedException e) {
                    interrupted = true;
                    return null;
                }
                index = 0;
                if (batch == END) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (error != null) {
                        throw error;
                    }
                    return null;
                }
            }
            return batch.get(index++);
        }

        boolean interrupted()
        {
            return interrupted;
        }

        @Override
        public void close()
                throws IOException
        {
            closed = true;
            batches.clear();
            try {
                thread.join();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            finally {
                reader.close();
            }
        }
    }

    /**
     * Reads a capture past invalid lines and up to an abrupt end, keeping what was wrong.
     */
    private static final class CaptureDamage
    {
        private static final int MESSAGES_KEPT = 10;

        private final List<String> messages = new ArrayList<>();
        private long count;
        private boolean truncated;
        private boolean ended;

        /**
         * @return the next line, or null for a line that was skipped or at the end (see {@link #ended()})
         */
        CaptureLine next(CaptureReader reader)
                throws IOException
        {
            try {
                CaptureLine line = reader.next();
                ended = line == null;
                return line;
            }
            catch (CaptureTruncatedException e) {
                truncated = true;
                ended = true;
                record(e);
                return null;
            }
            catch (CaptureFormatException e) {
                record(e);
                return null;
            }
        }

        private void record(CaptureFormatException e)
        {
            count++;
            if (messages.size() < MESSAGES_KEPT) {
                messages.add(e.getMessage());
            }
        }

        boolean ended()
        {
            return ended;
        }

        long count()
        {
            return count;
        }

        boolean truncated()
        {
            return truncated;
        }

        List<String> messages()
        {
            return List.copyOf(messages);
        }
    }

    /**
     * Options of a replay.
     */
    public static final class Builder
    {
        private final Path capture;
        private ReplaySpeed speed = ReplaySpeed.MAX;
        private Metrics metrics = Metrics.NOOP;
        private LongSupplier nanoTime = System::nanoTime;
        private ReplayPacer.Sleeper sleeper;
        private Duration maxPause = Duration.ZERO;
        private long restBodiesHeld = REST_BODIES_HELD;
        private Future<RestIndex> restIndex;

        private Builder(Path capture)
        {
            this.capture = requireNonNull(capture, "capture is null");
        }

        public Builder speed(ReplaySpeed speed)
        {
            this.speed = requireNonNull(speed, "speed is null");
            return this;
        }

        /**
         * Shortens a silence in the recording that would last longer than this on the wall clock
         * when paced; zero (the default) keeps every pause.
         */
        public Builder maxPause(Duration maxPause)
        {
            this.maxPause = requireNonNull(maxPause, "maxPause is null");
            return this;
        }

        public Builder metrics(Metrics metrics)
        {
            this.metrics = requireNonNull(metrics, "metrics is null");
            return this;
        }

        /**
         * Takes the capture's REST responses from a read already under way (started with
         * {@link #indexRestAhead(Path)} while the rest of the pipeline is assembled), instead
         * of reading them in {@link #build()}.
         */
        public Builder restIndex(Future<RestIndex> restIndex)
        {
            this.restIndex = requireNonNull(restIndex, "restIndex is null");
            return this;
        }

        /**
         * The characters of REST response bodies held in memory when {@link #build()} reads them
         * (default {@link #REST_BODIES_HELD}); the others are set aside in a temporary file.
         */
        public Builder restBodiesHeld(long characters)
        {
            if (characters < 0) {
                throw new IllegalArgumentException("characters is negative: " + characters);
            }
            this.restBodiesHeld = characters;
            return this;
        }

        Builder pacing(LongSupplier nanoTime, ReplayPacer.Sleeper sleeper)
        {
            this.nanoTime = requireNonNull(nanoTime, "nanoTime is null");
            this.sleeper = requireNonNull(sleeper, "sleeper is null");
            return this;
        }

        /**
         * Reads the capture once to index its REST responses (without decoding the other lines).
         */
        public ReplayTransport build()
                throws IOException
        {
            CaptureHeader header;
            try (CaptureReader reader = CaptureReader.open(capture)) {
                header = reader.header();
            }
            RestIndex rest = restIndex == null ? RestIndex.read(capture, restBodiesHeld) : awaitRestIndex();
            return new ReplayTransport(this, header, rest.exchanges(), rest.firstNanos());
        }

        private RestIndex awaitRestIndex()
                throws IOException
        {
            try {
                return restIndex.get();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while reading the REST responses of " + capture);
            }
            catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                if (e.getCause() instanceof RuntimeException runtime) {
                    throw runtime;
                }
                throw new IOException("cannot read the REST responses of " + capture + ": " + e.getCause(), e.getCause());
            }
        }
    }

    /**
     * A capture's recorded REST responses, indexed, and the time of its first timed line.
     */
    public record RestIndex(RecordedRestExchanges exchanges, long firstNanos)
    {
        public RestIndex
        {
            requireNonNull(exchanges, "exchanges is null");
        }

        /**
         * Reads the capture's REST responses, holding {@code bodiesHeld} characters of their
         * bodies in memory and setting the others aside.
         */
        static RestIndex read(Path capture, long bodiesHeld)
                throws IOException
        {
            RecordedRestExchanges exchanges = new RecordedRestExchanges(bodiesHeld, Path.of(System.getProperty("java.io.tmpdir")));
            try {
                return new RestIndex(exchanges, CaptureReader.readRestLines(capture, exchanges::add));
            }
            catch (IOException | RuntimeException e) {
                exchanges.close();
                throw e;
            }
        }
    }

    /**
     * Starts reading a capture's REST responses on a thread of its own, so that the read (a pass
     * over the whole file) overlaps with the rest of the pipeline's assembly; hand the result to
     * {@link Builder#restIndex}.
     */
    public static Future<RestIndex> indexRestAhead(Path capture)
    {
        FutureTask<RestIndex> task = new FutureTask<>(() -> RestIndex.read(capture, REST_BODIES_HELD));
        Thread thread = new Thread(task, "marketpipe-replay-rest-index");
        thread.setDaemon(true);
        thread.start();
        return task;
    }
}
