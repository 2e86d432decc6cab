package io.marketpipe.testkit.venue;

import io.marketpipe.core.PipelineParts;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.ReplaySpeed;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ServerSocketFactory;

import static java.util.Objects.requireNonNull;

/**
 * A venue on loopback, for tests: a real HTTP server (OkHttp's MockWebServer) that upgrades
 * WebSocket requests on any path and plays a script of frames to each connection, answers REST
 * requests from recorded or programmed responses, and injects {@link Faults}. A real connector
 * reaches it through its configured endpoints ({@link #wsUrl()}, {@link #restUrl()}).
 *
 * <pre>{@code
 * try (FakeVenue venue = FakeVenue.fromCapture(capture).start()) {
 *     venue.faults().dropConnectionAfter(500);
 *     ... point a connector at venue.wsUrl() and venue.restUrl() ...
 *     Await.until("the client reconnected", () -> venue.connectionCount() == 2);
 * }
 * }</pre>
 *
 * <h2>Frames</h2>
 * The script is the {@code recv} lines of a capture (or frames given in code), per recorded
 * connection. Client connections are served by {@link Builder#liveConnections(int) streams}
 * (one by default): stream {@code s} of {@code n} plays, in file order, the frames of every
 * recorded connection whose ordinal (in order of first appearance) is {@code s mod n}, so with
 * one stream every connection sees every frame. A new client connection takes the first stream
 * whose connection has ended, so a reconnect takes over the stream of the connection it replaces;
 * a connection beyond the streams gets no frames. Where a connection starts in its stream is the
 * {@link Playback}. Frames go as fast as the client reads them, or paced by the recorded times
 * ({@link Builder#speed}). A stream played to its end leaves the connection open and quiet.
 * Whatever the client sends is recorded ({@link #receivedMessages()}) and answered only by a
 * {@link Builder#answerMessages message responder}, except while the connection is stalled.
 *
 * <h2>REST</h2>
 * A request is answered, in this order, by an armed REST fault, the {@link RestResponder}, the
 * recorded responses (matched like replay matches them, see {@link PipelineParts#recordedRest()}), or
 * else 404 with a body naming the request. Every request is recorded ({@link #restRequests()}).
 *
 * <p>Thread-safe. Close it to stop the server and its threads.
 */
public final class FakeVenue
        implements AutoCloseable
{
    // OkHttp closes a WebSocket whose outgoing queue passes 16 MiB; stay well below
    /**
     * Settings for a pipeline whose connector reads from a fake venue that plays faster than any
     * venue sends ({@code max}): each connection's inbound buffer holds a whole capture, so a busy
     * machine's connector falls behind without having its connection dropped for it
     * ({@code marketpipe.transport.websocket.inbound-buffer}).
     */
    public static final String PIPELINE_SETTINGS = "marketpipe.transport.websocket.inbound-buffer = 1000000\n";

    private static final long SEND_QUEUE_LIMIT = 1 << 20;
    private static final long BACKPRESSURE_PARK_NANOS = 100_000;

    private final MockWebServer server = new MockWebServer();
    private final PipelineParts.RecordedRest exchanges;
    private final RestResponder responder;
    private final BiFunction<FakeVenue, String, Optional<String>> messageResponder;
    private final ReplaySpeed speed;
    private final Playback playback;
    private final int scriptFrames;
    private final ExecutorService players;
    private final Object lock = new Object();
    private final Faults faults;

    // guarded by lock
    private final List<Socket> acceptedSockets = new ArrayList<>();
    private final List<Slot> slots = new ArrayList<>();
    private final List<Connection> connections = new ArrayList<>();
    private final List<VenueRequest> requests = new ArrayList<>();
    private final List<String> receivedMessages = new ArrayList<>();
    private final List<String> sentFrames = new ArrayList<>();
    private final List<String> lostFrames = new ArrayList<>();
    private long played;
    private long pauseAt = Long.MAX_VALUE;
    private int waitingAtPause;
    private long resumes;
    private boolean closed;

    private FakeVenue(Builder builder)
    {
        this.exchanges = PipelineParts.recordedRest();
        builder.restLines.forEach(exchanges::add);
        this.responder = builder.responder;
        this.messageResponder = builder.messageResponder;
        this.speed = builder.speed;
        this.playback = builder.playback;
        this.scriptFrames = builder.frames.size();
        this.faults = new Faults(lock, () -> played);
        for (FrameStream stream : builder.streams()) {
            slots.add(new Slot(stream));
        }
        AtomicInteger threads = new AtomicInteger();
        this.players = Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "fake-venue-player-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Starts describing a venue whose frames and responses are given in code.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * Starts describing a venue that plays a {@code marketpipe-capture/1} file: its {@code recv}
     * frames per recorded connection and its {@code rest} responses.
     *
     * @throws io.marketpipe.core.capture.CaptureFormatException when the file is not a valid capture
     */
    public static Builder fromCapture(Path capture)
            throws IOException
    {
        requireNonNull(capture, "capture is null");
        Builder builder = new Builder();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                builder.line(line);
            }
        }
        return builder;
    }

    private void start()
            throws IOException
    {
        server.setServerSocketFactory(new AcceptedSocketsFactory());
        server.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(RecordedRequest request)
            {
                if ("websocket".equalsIgnoreCase(request.getHeaders().get("Upgrade"))) {
                    Socket raw;
                    synchronized (lock) {
                        raw = acceptedSockets.get(request.getConnectionIndex());
                    }
                    return new MockResponse.Builder().webSocketUpgrade(new Connection(request.getTarget(), raw)).build();
                }
                return answerRest(request);
            }
        });
        server.start(InetAddress.getLoopbackAddress(), 0);
    }

    /**
     * @return the WebSocket base URL, {@code ws://127.0.0.1:<port>}; any path is accepted
     */
    public String wsUrl()
    {
        return "ws://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * @return the REST base URL, {@code http://127.0.0.1:<port>}
     */
    public String restUrl()
    {
        return "http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getPort();
    }

    /**
     * @return the faults to inject; arm them at any time
     */
    public Faults faults()
    {
        return faults;
    }

    /**
     * @return how many faults took effect, of every kind
     */
    public long injected()
    {
        return faults.injected();
    }

    /**
     * @return how many faults of the kind took effect
     */
    public long injected(FaultKind kind)
    {
        return faults.injected(kind);
    }

    /**
     * Lets the venue play that many more frames of the script (on every connection together),
     * then hold the next one until {@link #resume()} or another {@code pauseAfter}. Faults due at
     * the pause point take effect before it. Calling it while paused lets the next frames go.
     */
    public void pauseAfter(long frames)
    {
        if (frames < 0) {
            throw new IllegalArgumentException("frames is negative: " + frames);
        }
        synchronized (lock) {
            pauseAt = played + frames;
            lock.notifyAll();
        }
    }

    /**
     * Ends a pause and any stall in progress.
     */
    public void resume()
    {
        synchronized (lock) {
            pauseAt = Long.MAX_VALUE;
            resumes++;
            lock.notifyAll();
        }
    }

    /**
     * @return whether a connection is holding its next frame at a {@link #pauseAfter} point
     */
    public boolean paused()
    {
        return locked(() -> waitingAtPause > 0);
    }

    /**
     * @return whether every stream has been played to its end, by one connection or several
     */
    public boolean finished()
    {
        return locked(() -> slots.stream().allMatch(slot -> slot.finished));
    }

    /**
     * @return the frames in the script, over every stream
     */
    public int scriptFrames()
    {
        return scriptFrames;
    }

    /**
     * @return the frames of the script played so far on every connection: sent, skipped or truncated
     */
    public long framesPlayed()
    {
        return locked(() -> played);
    }

    /**
     * @return the frames sent on every connection, injected garbage and truncated frames included
     */
    public long framesSent()
    {
        return locked(() -> sentFrames.size());
    }

    /**
     * @return every frame sent, in the order sent, over every connection
     */
    public List<String> sentFrames()
    {
        return locked(() -> List.copyOf(sentFrames));
    }

    /**
     * @return the frames of the script lost in flight with dropped connections, in order
     *         ({@link Faults#dropConnectionAfter(long, int)})
     */
    public List<String> lostFrames()
    {
        return locked(() -> List.copyOf(lostFrames));
    }

    /**
     * @return how many WebSocket connections were opened
     */
    public int connectionCount()
    {
        return locked(() -> connections.size());
    }

    /**
     * @return what the venue saw of each WebSocket connection, in order of connection
     */
    public List<VenueConnection> connections()
    {
        synchronized (lock) {
            return connections.stream()
                    .map(connection -> new VenueConnection(connection.number, connection.target, connection.received, connection.framesSent, connection.open))
                    .toList();
        }
    }

    /**
     * @return every text message clients sent, over every connection, in order
     */
    public List<String> receivedMessages()
    {
        return locked(() -> List.copyOf(receivedMessages));
    }

    /**
     * @return every REST request received, in order, with the status answered
     */
    public List<VenueRequest> restRequests()
    {
        return locked(() -> List.copyOf(requests));
    }

    /**
     * @return the last {@code count} REST requests received (fewer when there were fewer), in
     *         order, for a failure message
     */
    public List<VenueRequest> lastRestRequests(int count)
    {
        return locked(() -> List.copyOf(requests.subList(Math.max(0, requests.size() - count), requests.size())));
    }

    private <T> T locked(Supplier<T> read)
    {
        synchronized (lock) {
            return read.get();
        }
    }

    /**
     * Drops every connection, stops playing, and stops the server.
     */
    @Override
    public void close()
    {
        List<Connection> open;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            open = connections.stream().filter(connection -> connection.open).toList();
            lock.notifyAll();
        }
        for (Connection connection : open) {
            connection.drop();
        }
        players.shutdownNow();
        server.close();
        try {
            players.awaitTermination(5, TimeUnit.SECONDS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString()
    {
        synchronized (lock) {
            return "FakeVenue{" + restUrl() + ", connections=" + connections.size() + ", played=" + played + "/" + scriptFrames
                    + ", sent=" + sentFrames.size() + ", rest=" + requests.size() + ", injected=" + faults.injected()
                    + ", pending faults=" + faults.pending() + (waitingAtPause > 0 ? ", paused" : "") + "}";
        }
    }

    private MockResponse answerRest(RecordedRequest request)
    {
        String method = request.getMethod();
        String target = request.getTarget();
        Faults.RestPlan plan = faults.planRest();
        MockResponse response;
        if (plan != null && plan.status() != 0) {
            MockResponse.Builder builder = new MockResponse.Builder()
                    .code(plan.status())
                    .body("fake venue: injected " + plan.status() + " for " + method + " " + target);
            if (plan.retryAfter() != null) {
                builder.addHeader("Retry-After", Long.toString(ceilSeconds(plan.retryAfter())));
            }
            response = builder.build();
        }
        else {
            MockResponse.Builder builder = answer(method, target, request.getUrl().toString());
            if (plan != null) {
                builder.headersDelay(plan.delay().toMillis(), TimeUnit.MILLISECONDS);
            }
            response = builder.build();
        }
        synchronized (lock) {
            requests.add(new VenueRequest(method, target, response.getCode()));
        }
        return response;
    }

    private MockResponse.Builder answer(String method, String target, String url)
    {
        if (responder != null) {
            Optional<RestResponder.Reply> reply = responder.respond(method, target);
            if (reply.isPresent()) {
                MockResponse.Builder builder = new MockResponse.Builder().code(reply.get().status()).body(reply.get().body());
                reply.get().headers().forEach(builder::addHeader);
                return builder;
            }
        }
        Optional<CaptureLine> recorded = exchanges.answer(method, url);
        if (recorded.isPresent()) {
            return new MockResponse.Builder()
                    .code(recorded.get().status())
                    .addHeader("Content-Type", "application/json")
                    .body(recorded.get().data());
        }
        return new MockResponse.Builder()
                .code(404)
                .body("fake venue: nothing recorded or programmed answers " + method + " " + target);
    }

    private static long ceilSeconds(Duration duration)
    {
        long seconds = duration.getSeconds();
        return duration.getNano() > 0 ? seconds + 1 : seconds;
    }

    private boolean isClosed()
    {
        synchronized (lock) {
            return closed;
        }
    }

    private Slot claimSlot(Connection connection)
    {
        for (Slot slot : slots) {
            if (slot.connection == null) {
                slot.connection = connection;
                return slot;
            }
        }
        return null;
    }

    /**
     * Server sockets that remember every socket they accept, in order: the order in which
     * MockWebServer numbers its connections, so a request's connection index finds its socket.
     */
    private final class AcceptedSocketsFactory
            extends ServerSocketFactory
    {
        @Override
        public ServerSocket createServerSocket()
                throws IOException
        {
            return new ServerSocket()
            {
                @Override
                public Socket accept()
                        throws IOException
                {
                    Socket socket = super.accept();
                    synchronized (lock) {
                        acceptedSockets.add(socket);
                    }
                    return socket;
                }
            };
        }

        @Override
        public ServerSocket createServerSocket(int port)
        {
            throw new UnsupportedOperationException("the fake venue binds its server socket itself");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog)
        {
            throw new UnsupportedOperationException("the fake venue binds its server socket itself");
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress address)
        {
            throw new UnsupportedOperationException("the fake venue binds its server socket itself");
        }
    }

    /**
     * Where a client connection starts in its stream.
     */
    public enum Playback
    {
        /**
         * Every connection plays its stream from the first frame, as if the recording started
         * over: a client that reconnects meets a consistent venue again (subscription answers,
         * snapshots, and sequence numbers that bridge the recorded REST snapshot).
         */
        RESTART,
        /**
         * A connection takes up its stream at the first frame the previous connection on it did
         * not play, as a live venue's stream goes on.
         */
        RESUME
    }

    /**
     * Describes a {@link FakeVenue}.
     */
    public static final class Builder
    {
        private final List<Frame> frames = new ArrayList<>();
        private final Map<Integer, Integer> connOrdinals = new HashMap<>();
        private final List<CaptureLine> restLines = new ArrayList<>();
        private RestResponder responder;
        private BiFunction<FakeVenue, String, Optional<String>> messageResponder;
        private ReplaySpeed speed = ReplaySpeed.MAX;
        private Playback playback = Playback.RESTART;
        private int liveConnections = 1;

        private Builder() {}

        /**
         * Adds a capture line: a {@code recv} frame to play, a {@code rest} response to answer
         * with; an {@code open} fixes its connection's ordinal. {@code send} and {@code close}
         * lines are ignored: the venue records what its client sends and closes only by fault.
         */
        public Builder line(CaptureLine line)
        {
            requireNonNull(line, "line is null");
            switch (line.kind()) {
                case REST:
                    restLines.add(line);
                    break;
                case RECV:
                    connOrdinals.putIfAbsent(line.conn(), connOrdinals.size());
                    frames.add(new Frame(connOrdinals.get(line.conn()), line.ts(), line.data()));
                    break;
                default:
                    connOrdinals.putIfAbsent(line.conn(), connOrdinals.size());
            }
            return this;
        }

        /**
         * Adds frames, without recorded times, to recorded connection 0.
         */
        public Builder frames(String... texts)
        {
            return frames(Arrays.asList(texts));
        }

        /**
         * Adds frames, without recorded times, to recorded connection 0.
         */
        public Builder frames(List<String> texts)
        {
            for (String text : texts) {
                line(CaptureLine.recv(0, 0, requireNonNull(text, "frame is null")));
            }
            return this;
        }

        /**
         * Adds a response, matched to requests as a recorded one is.
         *
         * @param url the URL (or just path and query) the response answers, e.g.
         *        {@code /api/v3/depth?symbol=BTCUSDT}
         */
        public Builder rest(String method, String url, int status, String body)
        {
            requireNonNull(method, "method is null");
            requireNonNull(url, "url is null");
            requireNonNull(body, "body is null");
            return line(CaptureLine.rest(0, method, url, status, body));
        }

        /**
         * Answers REST requests in code before the recorded responses are consulted.
         */
        public Builder restResponder(RestResponder responder)
        {
            this.responder = requireNonNull(responder, "responder is null");
            return this;
        }

        /**
         * Answers the text messages clients send (subscription requests, a venue's own ping) on
         * the connection they came on, as a venue does; a stalled connection answers nothing.
         * Called on the venue's server threads, so it must be thread-safe.
         *
         * @param responder gives the reply to a message, or empty for none
         */
        public Builder answerMessages(Function<String, Optional<String>> responder)
        {
            requireNonNull(responder, "responder is null");
            this.messageResponder = (venue, message) -> responder.apply(message);
            return this;
        }

        /**
         * Like {@link #answerMessages}, for a responder that needs the venue: to pause it, or to
         * know how far it has played its script (to answer a resubscription with a snapshot of
         * the state the script has reached, say).
         */
        public Builder answerMessagesWithVenue(BiFunction<FakeVenue, String, Optional<String>> responder)
        {
            this.messageResponder = requireNonNull(responder, "responder is null");
            return this;
        }

        /**
         * How fast frames are played: {@link ReplaySpeed#MAX} (the default: as fast as the client
         * reads), the recorded pace, or a factor of it. Frames without a recorded time go at once.
         */
        public Builder speed(ReplaySpeed speed)
        {
            this.speed = requireNonNull(speed, "speed is null");
            return this;
        }

        /**
         * Where a connection starts in its stream; {@link Playback#RESTART} by default.
         */
        public Builder playback(Playback playback)
        {
            this.playback = requireNonNull(playback, "playback is null");
            return this;
        }

        /**
         * How many client connections the recorded connections are spread over: for a
         * client that shards its subscriptions over several connections. One by default.
         */
        public Builder liveConnections(int count)
        {
            if (count < 1) {
                throw new IllegalArgumentException("liveConnections must be positive: " + count);
            }
            this.liveConnections = count;
            return this;
        }

        /**
         * Starts the server on a free loopback port. A builder may start several venues; each
         * answers its requests from the first recorded response on.
         */
        public FakeVenue start()
                throws IOException
        {
            FakeVenue venue = new FakeVenue(this);
            try {
                venue.start();
            }
            catch (IOException | RuntimeException e) {
                venue.close();
                throw e;
            }
            return venue;
        }

        private List<FrameStream> streams()
        {
            List<List<Frame>> byStream = new ArrayList<>();
            for (int i = 0; i < liveConnections; i++) {
                byStream.add(new ArrayList<>());
            }
            for (Frame frame : frames) {
                byStream.get(frame.ordinal % liveConnections).add(frame);
            }
            return byStream.stream().map(FrameStream::new).toList();
        }
    }

    private record Frame(int ordinal, long ts, String text) {}

    /**
     * The frames one client connection plays.
     */
    private static final class FrameStream
    {
        private final long[] times;
        private final String[] texts;

        FrameStream(List<Frame> frames)
        {
            times = new long[frames.size()];
            texts = new String[frames.size()];
            for (int i = 0; i < frames.size(); i++) {
                times[i] = frames.get(i).ts();
                texts[i] = frames.get(i).text();
            }
        }

        int size()
        {
            return texts.length;
        }
    }

    /**
     * A stream and the connection playing it. Guarded by the venue's lock.
     */
    private static final class Slot
    {
        private final FrameStream stream;
        private Connection connection;
        private int position;
        private boolean finished;

        Slot(FrameStream stream)
        {
            this.stream = stream;
            this.finished = stream.size() == 0;
        }
    }

    /**
     * The server side of one WebSocket connection.
     */
    private final class Connection
            extends WebSocketListener
    {
        private final String target;
        private final Socket raw;
        private volatile WebSocket socket;
        // set by the connection's player while it stalls
        private volatile boolean stalled;
        // guarded by lock
        private final List<String> received = new ArrayList<>();
        private int number;
        private long framesSent;
        private boolean open;

        Connection(String target, Socket raw)
        {
            this.target = target;
            this.raw = raw;
        }

        /**
         * Closes the TCP connection without a close frame: the client reads what was sent, then a
         * failure.
         */
        void drop()
        {
            // the server side of OkHttp's WebSocket has no call to cancel, so close its socket
            try {
                raw.close();
            }
            catch (IOException e) {
                // already closed
            }
        }

        @Override
        public void onOpen(WebSocket webSocket, Response response)
        {
            socket = webSocket;
            synchronized (lock) {
                if (closed) {
                    drop();
                    return;
                }
                open = true;
                number = connections.size();
                connections.add(this);
                Slot slot = claimSlot(this);
                if (slot != null) {
                    players.execute(new Player(this, slot));
                }
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, String text)
        {
            synchronized (lock) {
                received.add(text);
                receivedMessages.add(text);
            }
            if (messageResponder == null || stalled) {
                return;
            }
            Optional<String> reply = messageResponder.apply(FakeVenue.this, text);
            if (reply.isPresent() && webSocket.send(reply.get())) {
                synchronized (lock) {
                    sentFrames.add(reply.get());
                    framesSent++;
                }
            }
        }

        @Override
        public void onMessage(WebSocket webSocket, ByteString bytes)
        {
            onMessage(webSocket, bytes.utf8());
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason)
        {
            webSocket.close(1000, null);
            ended();
        }

        @Override
        public void onClosed(WebSocket webSocket, int code, String reason)
        {
            ended();
        }

        @Override
        public void onFailure(WebSocket webSocket, Throwable failure, Response response)
        {
            ended();
        }

        private void ended()
        {
            synchronized (lock) {
                if (!open) {
                    return;
                }
                open = false;
                for (Slot slot : slots) {
                    if (slot.connection == this) {
                        slot.connection = null;
                    }
                }
                lock.notifyAll();
            }
        }
    }

    /**
     * Plays one stream to one connection, applying the faults due before each frame.
     */
    private final class Player
            implements Runnable
    {
        // below this, pacing parks instead of waiting on the venue's lock
        private static final long PRECISE_WAIT_NANOS = 2_000_000;
        // a frame this close to due goes at once: a park is not precise to less, and costs more than it saves
        private static final long EARLY_NANOS = 50_000;

        private final Connection connection;
        private final Slot slot;
        private boolean anchored;
        private long firstRecordedNanos;
        private long firstWallNanos;

        Player(Connection connection, Slot slot)
        {
            this.connection = connection;
            this.slot = slot;
        }

        @Override
        public void run()
        {
            try {
                play();
            }
            catch (InterruptedException e) {
                // the venue is closing
                Thread.currentThread().interrupt();
            }
        }

        private void play()
                throws InterruptedException
        {
            FrameStream stream = slot.stream;
            int position;
            synchronized (lock) {
                position = playback == Playback.RESUME ? slot.position : 0;
            }
            while (position < stream.size()) {
                String text = stream.texts[position];
                if (!pace(stream.times[position])) {
                    return;
                }
                Faults.FramePlan plan;
                synchronized (lock) {
                    if (!playing()) {
                        return;
                    }
                    plan = faults.planFrame(text);
                }
                for (Duration stall : plan.stalls) {
                    if (!stall(stall)) {
                        return;
                    }
                }
                for (String garbage : plan.garbage) {
                    if (!send(garbage)) {
                        return;
                    }
                }
                if (plan.ending != null) {
                    end(plan, position);
                    return;
                }
                if (!awaitUnpaused()) {
                    return;
                }
                if (plan.frameAction != FaultKind.SKIP) {
                    String frame = plan.frameAction == FaultKind.TRUNCATE ? text.substring(0, text.length() / 2) : text;
                    if (!send(frame)) {
                        return;
                    }
                }
                position++;
                synchronized (lock) {
                    if (!playing()) {
                        return;
                    }
                    played++;
                    slot.position = position;
                }
            }
            synchronized (lock) {
                if (playing()) {
                    slot.finished = true;
                }
            }
        }

        // guarded by lock
        private boolean playing()
        {
            return !closed && connection.open && slot.connection == connection;
        }

        private boolean pace(long recordedNanos)
                throws InterruptedException
        {
            if (speed.isMax() || recordedNanos <= 0) {
                return true;
            }
            if (!anchored) {
                anchored = true;
                firstRecordedNanos = recordedNanos;
                firstWallNanos = System.nanoTime();
                return true;
            }
            long due = firstWallNanos + speed.scale(recordedNanos - firstRecordedNanos);
            while (true) {
                long remaining;
                synchronized (lock) {
                    remaining = due - System.nanoTime();
                    if (!playing() || remaining < EARLY_NANOS) {
                        return playing();
                    }
                    if (remaining > PRECISE_WAIT_NANOS) {
                        // on the lock, which a close or a pause wakes
                        TimeUnit.NANOSECONDS.timedWait(lock, remaining - PRECISE_WAIT_NANOS);
                        continue;
                    }
                }
                // a wait on a monitor lasts whole milliseconds, which would send frames due within one
                // millisecond in a burst: the last stretch is a park, precise to some microseconds
                LockSupport.parkNanos(remaining);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        }

        private boolean stall(Duration duration)
                throws InterruptedException
        {
            long due = System.nanoTime() + duration.toNanos();
            connection.stalled = true;
            try {
                synchronized (lock) {
                    long resumesAtStart = resumes;
                    long remaining;
                    while (playing() && resumes == resumesAtStart && (remaining = due - System.nanoTime()) > 0) {
                        TimeUnit.NANOSECONDS.timedWait(lock, remaining);
                    }
                    // the recorded pace starts over after a stall rather than catching up in a burst
                    anchored = false;
                    return playing();
                }
            }
            finally {
                connection.stalled = false;
            }
        }

        private boolean awaitUnpaused()
                throws InterruptedException
        {
            synchronized (lock) {
                while (playing() && played >= pauseAt) {
                    waitingAtPause++;
                    anchored = false;
                    try {
                        lock.wait();
                    }
                    finally {
                        waitingAtPause--;
                    }
                }
                return playing();
            }
        }

        private boolean send(String text)
                throws InterruptedException
        {
            WebSocket socket = connection.socket;
            while (socket.queueSize() > SEND_QUEUE_LIMIT) {
                synchronized (lock) {
                    if (!playing()) {
                        return false;
                    }
                }
                LockSupport.parkNanos(BACKPRESSURE_PARK_NANOS);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            if (!socket.send(text)) {
                return false;
            }
            synchronized (lock) {
                sentFrames.add(text);
                connection.framesSent++;
            }
            return true;
        }

        private void end(Faults.FramePlan plan, int position)
        {
            synchronized (lock) {
                if (!playing()) {
                    return;
                }
                connection.open = false;
                slot.connection = null;
                int lost = Math.min(plan.inFlight, slot.stream.size() - position);
                for (int i = 0; i < lost; i++) {
                    lostFrames.add(slot.stream.texts[position + i]);
                }
                played += lost;
                slot.position = position + lost;
                slot.finished = slot.position == slot.stream.size();
                lock.notifyAll();
            }
            if (plan.ending == FaultKind.DROP) {
                // the frames sent before the drop reach the client; only what follows is lost
                while (connection.socket.queueSize() > 0 && !isClosed()) {
                    LockSupport.parkNanos(BACKPRESSURE_PARK_NANOS);
                }
                connection.drop();
            }
            else {
                connection.socket.close(plan.closeCode, plan.closeReason);
            }
        }
    }
}
