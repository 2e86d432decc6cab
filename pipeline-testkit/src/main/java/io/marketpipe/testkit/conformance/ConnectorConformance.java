package io.marketpipe.testkit.conformance;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.RunningConnector;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.FaultKind;
import io.marketpipe.testkit.venue.VenueConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance suite every venue adapter's tests extend. It runs the adapter's real connector
 * inside an embedded {@link MarketPipe}, against a {@link FakeVenue} on loopback that plays the
 * adapter's captures (and once through capture replay), and checks, per market:
 * <ul>
 *   <li>{@link Check#SUBSCRIBES}: it connects, subscribes (a message, or streams in the URL)
 *       naming the recorded symbols, and reports {@code CONNECTED};</li>
 *   <li>{@link Check#CANONICAL_EVENTS}: trades have ids, positive exact decimals written as the
 *       venue wrote them, and every event's instrument is the venue's, with a configured
 *       canonical symbol;</li>
 *   <li>{@link Check#VERIFIED_BOOKS}: over the fake venue's WebSocket, and separately in replay,
 *       every book ends verified with no gap, crossing or checksum mismatch;</li>
 *   <li>{@link Check#GARBAGE_FRAMES}: a garbage and a truncated frame are counted in a metric and
 *       events keep arriving;</li>
 *   <li>{@link Check#GAP_RESYNC}: a withheld book update is detected (a gap or a checksum
 *       mismatch) and the book is verified again;</li>
 *   <li>{@link Check#RECONNECT}: when the venue drops the connection, the connector reports it,
 *       reconnects, subscribes again, events flow, books are verified again and its health is
 *       good again.</li>
 * </ul>
 *
 * An adapter test names its connector type, markets, a capture per market, its configuration
 * block and how to recognise a book update frame:
 *
 * <pre>{@code
 * class BinanceConformanceTest
 *         extends ConnectorConformance
 * {
 *     protected String connectorType() { return "binance"; }
 *     protected List<String> markets() { return List.of("spot", "usdm"); }
 *     protected Path capture(String market) { return Captures.require("binance/" + market + "-btcusdt-20240808.jsonl.gz"); }
 *     protected ConnectorBlock connectorBlock(String market)
 *     {
 *         return ConnectorBlock.of("binance").with("market", market).with("symbols", List.of(market.equals("spot") ? "BTC/USDT" : "BTC/USDT:USDT"));
 *     }
 *     protected Predicate<String> bookUpdateFrame(String market) { return frame -> frame.contains("\"e\":\"depthUpdate\""); }
 * }
 * }</pre>
 *
 * A check that does not apply to a venue is skipped by overriding {@link #applies}. Checks wait
 * for conditions with a bound ({@link Await}), never for a guessed time, and assert nothing about
 * timing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConnectorConformance
{
    // frames the venue plays between looks at the books while waiting for them to be verified
    private static final int STEP_FRAMES = 20;
    private static final int TRADES_CHECKED_AGAINST_FRAMES = 20;

    // never created: the pipeline loads only the class path's plugins, the adapter under test among them
    private final Path noPluginsDirectory = Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-conformance-no-plugins-" + UUID.randomUUID());
    // guarded by itself
    private final Map<String, Path> rewrittenCaptures = new HashMap<>();

    /**
     * @return the {@code type} of the connector under test, e.g. {@code binance}; by default the
     *         type of the first market's {@link #connectorBlock}
     */
    protected String connectorType()
    {
        return connectorBlock(markets().get(0)).type();
    }

    /**
     * @return the markets to check, e.g. {@code spot} and {@code usdm}; each check runs once per
     *         market. Only {@code spot} unless the venue has more
     */
    protected List<String> markets()
    {
        return List.of("spot");
    }

    /**
     * @return a real capture of the market, typically {@code Captures.require(...)}, which skips
     *         the check (or fails it under CI) when the captures are absent
     */
    protected abstract Path capture(String market);

    /**
     * @return the connector's block for the market, with its market and canonical symbols, but
     *         without endpoints: {@link #pointAt} adds those
     */
    protected abstract ConnectorBlock connectorBlock(String market);

    /**
     * @return whether a frame of the market's capture is an order book update (not a snapshot):
     *         the frame {@link Check#GAP_RESYNC} withholds
     */
    protected abstract Predicate<String> bookUpdateFrame(String market);

    /**
     * @return whether the check applies to the venue's market; a check that does not is skipped
     */
    protected boolean applies(Check check, String market)
    {
        return true;
    }

    /**
     * The capture {@link Check#GAP_RESYNC} plays. After the withheld update the connector fetches
     * or awaits a new snapshot; the capture must be able to give one that bridges the updates
     * that follow. A capture with a single REST snapshot cannot (the venue answers every later
     * request with the same, now stale, snapshot): such an adapter returns a capture with a
     * second recorded snapshot taken after the point of the gap.
     */
    protected Path resyncCapture(String market)
    {
        return capture(market);
    }

    /**
     * Rewrites a capture, typically the one a {@link #resyncCapture} needs.
     */
    @FunctionalInterface
    protected interface CaptureRewrite
    {
        /**
         * Writes {@code to}, a capture of the same format, from {@code from}.
         */
        void rewrite(Path from, Path to)
                throws Exception;
    }

    /**
     * @return the market's {@link #capture}, rewritten into a temporary file (deleted when the JVM
     *         exits) the first time it is asked for and the same file afterwards
     */
    protected final Path rewrittenCapture(String market, CaptureRewrite rewrite)
    {
        synchronized (rewrittenCaptures) {
            return rewrittenCaptures.computeIfAbsent(market, key -> {
                try {
                    Path rewritten = Files.createTempFile(connectorType() + "-" + key + "-", ".jsonl.gz");
                    rewritten.toFile().deleteOnExit();
                    rewrite.rewrite(capture(key), rewritten);
                    return rewritten;
                }
                catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                catch (Exception e) {
                    throw new IllegalStateException("cannot rewrite the capture of market " + key + ": " + e.getMessage(), e);
                }
            });
        }
    }

    /**
     * Points the block at the fake venue: {@code ws-url} and {@code rest-url} by default.
     */
    protected ConnectorBlock pointAt(ConnectorBlock block, FakeVenue venue)
    {
        return block.with("ws-url", venue.wsUrl()).with("rest-url", venue.restUrl());
    }

    /**
     * @return the fake venue for a capture, before it starts; override to answer requests the
     *         capture has no response for (an {@code exchangeInfo}, say) or to shard its frames
     *         over several connections
     */
    protected FakeVenue.Builder venue(Path capture)
            throws IOException
    {
        return FakeVenue.fromCapture(capture);
    }

    /**
     * @return the frames the connector could not decode, as its metrics count them: by default
     *         the venue toolkit's {@code frames.invalid} when the connector has that counter (it
     *         reads its streams through the toolkit), otherwise the sum of the counters in the
     *         connector's scope whose name ends in {@code errors} (the transport's
     *         {@code ws.listener.errors} counts frames whose listener threw)
     */
    protected long decodeErrors(MarketPipe pipe, String connector)
    {
        Predicate<String> invalidFrames = name -> name.endsWith("frames.invalid");
        if (hasCounter(pipe, connector, invalidFrames)) {
            return sumCounters(pipe, connector, invalidFrames);
        }
        return sumCounters(pipe, connector, name -> name.endsWith("errors"));
    }

    /**
     * @return how long a check waits for each condition before failing; generous, because a
     *         passing check never waits for it
     */
    protected Duration awaitTimeout()
    {
        return Await.DEFAULT_TIMEOUT;
    }

    /**
     * The checks of the suite.
     */
    private static final Pattern NUMBER = Pattern.compile("(?<![0-9A-Za-z._-])-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?(?![0-9A-Za-z._-])");

    public enum Check
    {
        SUBSCRIBES,
        CANONICAL_EVENTS,
        VERIFIED_BOOKS,
        GARBAGE_FRAMES,
        GAP_RESYNC,
        RECONNECT
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void connectsAndSubscribes(String market)
            throws IOException
    {
        try (Session session = startedSessionFor(Check.SUBSCRIBES, market)) {

            await("the connector opened a WebSocket to the venue", () -> session.venue.connectionCount() >= 1, session::state);
            await("the connector subscribed (sent a message, or named streams in the URL)",
                    () -> subscribed(session.venue.connections().get(0)), session::state);
            await("the connector reported CONNECTED", () -> session.instance().connected(), session::state);
            assertSubscriptionNamesRecordedSymbols(session.venue.connections().get(0), header(session.capture), session.block.symbols());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void emitsCanonicalEvents(String market)
            throws IOException
    {
        try (Session session = startedSessionFor(Check.CANONICAL_EVENTS, market)) {
            CaptureHeader header = header(session.capture);
            session.awaitPlayedToEnd();

            long published = session.eventCount("trade");
            assertTrue(published > 0, "no trade published from " + session.capture.getFileName() + "; " + session.state());
            await("the listener received every trade", () -> session.events.tradeCount() >= published, session::state);
            List<Trade> trades = session.events.trades();
            List<String> configured = session.block.symbols();
            for (Trade trade : trades) {
                assertFalse(trade.tradeId().isBlank(), "trade without an id: " + trade);
                assertTrue(trade.price().signum() > 0, "trade price not positive: " + trade);
                assertTrue(trade.size().signum() > 0, "trade size not positive: " + trade);
                assertTrue(trade.receivedNanos() > 0, "trade without a receive time: " + trade);
            }
            List<String> frames = session.venue.sentFrames();
            for (Trade trade : trades.subList(0, Math.min(trades.size(), TRADES_CHECKED_AGAINST_FRAMES))) {
                assertWrittenByVenue(trade, frames);
            }
            for (Instrument instrument : session.events.instruments()) {
                assertEquals(header.exchange(), instrument.venue(), "venue of " + instrument);
                if (!configured.isEmpty()) {
                    assertTrue(configured.contains(instrument.symbol()),
                            "event for " + instrument.symbol() + " (native " + instrument.nativeSymbol() + "), which is not a configured canonical symbol " + configured);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void verifiesBooksOverWebSocket(String market)
            throws IOException
    {
        try (Session session = startedSessionFor(Check.VERIFIED_BOOKS, market)) {
            session.awaitPlayedToEnd();
            await("every book the connector keeps is verified", () -> allVerified(session.books()), session::state);

            BookStats books = session.books();
            assertEquals(0, books.gaps(), "gaps; " + session.state());
            assertEquals(0, books.crossed(), "crossed books; " + session.state());
            assertEquals(0, books.checksumMismatches(), "checksum mismatches; " + session.state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void verifiesBooksInReplay(String market)
    {
        assumeApplies(Check.VERIFIED_BOOKS, market);
        Path capture = capture(market);
        ReplaySummary summary;
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(noPluginsDirectory)
                .config(configuration(connectorBlock(market)))
                .replay(capture, "max")
                .build()) {
            pipe.start();
            summary = pipe.replay();
        }

        String described = capture.getFileName() + " replayed: " + summary.toJson();
        assertTrue(summary.frames() > 0, "no frames; " + described);
        assertTrue(summary.books() > 0, "no books; " + described);
        assertEquals(summary.books(), summary.booksVerified(), "books verified; " + described);
        assertEquals(0, summary.gaps(), "gaps; " + described);
        assertEquals(0, summary.crossed(), "crossed books; " + described);
        assertEquals(0, summary.checksumMismatches(), "checksum mismatches; " + described);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void survivesGarbageFrames(String market)
            throws IOException
    {
        try (Session session = sessionFor(Check.GARBAGE_FRAMES, market)) {
            long at = session.earlyFrame(50);
            session.venue.faults().garbageAfter(at).truncateFrameAfter(at);
            session.venue.pauseAfter(at + 1);
            session.start();

            await("the venue sent a garbage and a truncated frame", () -> session.venue.injected() == 2, session::state);
            await("the connector counted both bad frames in a metric",
                    () -> decodeErrors(session.pipe, session.connector) >= 2, session::state);
            long before = session.marketEvents();
            session.venue.resume();
            await("events keep arriving after the bad frames", () -> session.marketEvents() > before, session::state);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void resyncsAfterGap(String market)
            throws IOException
    {
        assumeApplies(Check.GAP_RESYNC, market);
        Predicate<String> bookUpdate = bookUpdateFrame(market);
        try (Session session = new Session(market, resyncCapture(market))) {
            session.venue.pauseAfter(STEP_FRAMES);
            session.start();
            session.stepUntilBooksLive();

            session.venue.faults().skipFrameMatching(bookUpdate);
            session.venue.resume();
            await("the venue withheld a book update", () -> session.venue.injected(FaultKind.SKIP) == 1, session::state);
            await("the connector detected the missing update (a gap or a checksum mismatch)",
                    () -> session.books().gaps() + session.books().checksumMismatches() >= 1, session::state);
            await("the book was re-synchronised and every book is verified again",
                    () -> session.books().resyncs() >= 1 && allVerified(session.books()), session::state);
            assertEquals(0, session.books().crossed(), "crossed books; " + session.state());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("markets")
    public void reconnectsAfterVenueDropsConnection(String market)
            throws IOException
    {
        try (Session session = sessionFor(Check.RECONNECT, market)) {
            long at = session.earlyFrame(100);
            session.venue.faults().dropConnectionAfter(at);
            // the new connection holds its frames until the test has counted the events so far
            session.venue.pauseAfter(at);
            session.start();

            await("the venue dropped the connection", () -> session.venue.injected(FaultKind.DROP) == 1, session::state);
            await("the connector reconnected", () -> session.venue.connectionCount() >= 2, session::state);
            await("the connector subscribed on the new connection", () -> subscribed(session.venue.connections().get(1)), session::state);
            await("the connector reported the disconnect in a status event", () -> session.events.statuses().stream()
                    .anyMatch(status -> status.kind() == SourceStatus.Kind.DISCONNECTED || status.kind() == SourceStatus.Kind.RECONNECTING), session::state);
            long before = session.marketEvents();
            session.venue.resume();
            await("events arrive over the new connection", () -> session.marketEvents() > before, session::state);
            if (applies(Check.VERIFIED_BOOKS, market)) {
                await("every book is verified again", () -> allVerified(session.books()), session::state);
            }
            await("the connector is healthy again", session::healthy, session::state);
        }
    }

    private void await(String description, BooleanSupplier condition, Supplier<?> state)
    {
        Await.until(description, awaitTimeout(), condition, state);
    }

    /**
     * @return a session playing the market's capture, once the check is known to apply
     */
    private Session sessionFor(Check check, String market)
            throws IOException
    {
        assumeApplies(check, market);
        return new Session(market, capture(market));
    }

    /**
     * @return a session playing the market's capture to the started pipeline, once the check is
     *         known to apply
     */
    private Session startedSessionFor(Check check, String market)
            throws IOException
    {
        Session session = sessionFor(check, market);
        try {
            session.start();
            return session;
        }
        catch (RuntimeException | Error e) {
            session.close();
            throw e;
        }
    }

    private void assumeApplies(Check check, String market)
    {
        Assumptions.assumeTrue(applies(check, market), () -> check + " does not apply to " + connectorType() + " " + market);
    }

    private static boolean allVerified(BookStats books)
    {
        return books.books() > 0 && books.booksVerified() == books.books();
    }

    private static boolean subscribed(VenueConnection connection)
    {
        return !connection.received().isEmpty() || connection.target().contains("?");
    }

    /**
     * Every symbol the capture recorded (or, where its header names none, every configured symbol)
     * must be named by the subscription: in the URL or in a message sent.
     */
    private void assertSubscriptionNamesRecordedSymbols(VenueConnection connection, CaptureHeader header, List<String> configured)
    {
        List<String> recorded = header.symbols().stream().filter(symbol -> !symbol.equals("UNKNOWN")).toList();
        List<String> expected = recorded.isEmpty() ? configured : recorded;
        assertFalse(expected.isEmpty(), "neither the capture header nor the connector block names a symbol to check the subscription against");
        String subscription = lettersAndDigits(connection.target() + " " + String.join(" ", connection.received()));
        List<String> missing = expected.stream().filter(symbol -> !subscription.contains(lettersAndDigits(symbol))).toList();
        assertTrue(missing.isEmpty(),
                "the subscription (" + connection.target() + " " + connection.received() + ") does not name " + missing + " of the symbols " + expected);
    }

    private static String lettersAndDigits(String text)
    {
        return text.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "");
    }

    /**
     * The trade's price and size must both be numbers of one frame the venue sent, equal as exact
     * decimals: neither rounded nor rescaled on the way. A number is a whole JSON number or numeric
     * string, never a piece of a longer one.
     */
    private static void assertWrittenByVenue(Trade trade, List<String> frames)
    {
        BigDecimal price = trade.price().toBigDecimal();
        BigDecimal size = trade.size().toBigDecimal();
        for (String frame : frames) {
            List<BigDecimal> numbers = numbers(frame);
            if (containsExactly(numbers, price) && containsExactly(numbers, size)) {
                return;
            }
        }
        fail("no frame the venue sent has the price " + trade.price() + " and the size " + trade.size() + " of " + trade);
    }

    private static List<BigDecimal> numbers(String frame)
    {
        List<BigDecimal> numbers = new ArrayList<>();
        Matcher matcher = NUMBER.matcher(frame);
        while (matcher.find()) {
            try {
                numbers.add(new BigDecimal(matcher.group()));
            }
            catch (NumberFormatException | ArithmeticException ignored) {
                // not a number after all
            }
        }
        return numbers;
    }

    private static boolean containsExactly(List<BigDecimal> numbers, BigDecimal value)
    {
        return numbers.stream().anyMatch(number -> number.compareTo(value) == 0);
    }

    private static CaptureHeader header(Path capture)
            throws IOException
    {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            return reader.header();
        }
    }

    private static String configuration(ConnectorBlock block)
    {
        return "marketpipe.connectors = [" + block.toHocon() + "]\nmarketpipe.metrics.log-interval = 0\n" + FakeVenue.PIPELINE_SETTINGS;
    }

    /**
     * @return the sum of the counters in the connector's metric scope whose name (relative to the
     *         scope) matches
     */
    protected static long sumCounters(MarketPipe pipe, String connector, Predicate<String> name)
    {
        return counters(pipe, connector, name).stream().mapToLong(Long::longValue).sum();
    }

    private static boolean hasCounter(MarketPipe pipe, String connector, Predicate<String> name)
    {
        return !counters(pipe, connector, name).isEmpty();
    }

    private static List<Long> counters(MarketPipe pipe, String connector, Predicate<String> name)
    {
        String scope = "connector." + connector + ".";
        List<Long> counts = new ArrayList<>();
        for (Map.Entry<String, Long> counter : pipe.counts(scope).entrySet()) {
            if (name.test(counter.getKey().substring(scope.length()))) {
                counts.add(counter.getValue());
            }
        }
        return counts;
    }

    /**
     * A fake venue playing a capture to the connector in an embedded pipeline.
     */
    private final class Session
            implements AutoCloseable
    {
        private final Path capture;
        private final FakeVenue venue;
        private final ConnectorBlock block;
        private final EventRecorder events = new EventRecorder();
        private final MarketPipe pipe;
        private final String connector;

        Session(String market, Path capture)
                throws IOException
        {
            this.capture = capture;
            venue = venue(capture).start();
            try {
                block = pointAt(connectorBlock(market), venue);
                pipe = MarketPipe.builder()
                        .pluginsDirectory(noPluginsDirectory)
                        .config(configuration(block))
                        .listener(events)
                        .build();
            }
            catch (RuntimeException e) {
                venue.close();
                throw e;
            }
            List<RunningConnector> connectors = pipe.connectors();
            if (connectors.size() != 1) {
                close();
                fail("expected one connector from " + block + ", got " + connectors.size());
            }
            connector = connectors.get(0).name();
        }

        void start()
        {
            pipe.start();
        }

        /**
         * @return a frame a quarter into the script, but no later than {@code latest} and not
         *         before the first
         */
        long earlyFrame(long latest)
        {
            return Math.max(1, Math.min(latest, venue.scriptFrames() / 4));
        }

        RunningConnector instance()
        {
            return pipe.connectors().get(0);
        }

        BookStats books()
        {
            return instance().bookStats();
        }

        long framesReceived()
        {
            return sumCounters(pipe, connector, name -> name.endsWith("ws.frames.received"));
        }

        /**
         * @return the frames the connector has finished with: decoded, and what they hold published
         */
        long framesDelivered()
        {
            return sumCounters(pipe, connector, name -> name.endsWith("ws.frames.delivered"));
        }

        long eventCount(String type)
        {
            return sumCounters(pipe, connector, name -> name.equals("events." + type));
        }

        /**
         * @return the market data events the connector published: every type but {@code status}
         */
        long marketEvents()
        {
            return sumCounters(pipe, connector, name -> name.startsWith("events.") && !name.equals("events.status"));
        }

        boolean healthy()
        {
            return pipe.health("connector." + connector).isHealthy();
        }

        void awaitPlayedToEnd()
        {
            await("the venue played the whole capture", venue::finished, this::state);
            await("the connector received and decoded every frame sent", () -> framesDelivered() >= venue.framesSent(), this::state);
        }

        /**
         * Lets the paused venue play a few frames at a time until the connector has caught up
         * with every frame sent, verified every book and applied an update on top of each
         * snapshot: a fault armed afterwards then lands in a live book rather than in the
         * bridging of a snapshot, however fast the frames go.
         */
        void stepUntilBooksLive()
        {
            while (true) {
                await("the venue paused or played the whole capture", () -> venue.paused() || venue.finished(), this::state);
                await("the connector received and decoded every frame sent", () -> framesDelivered() >= venue.framesSent(), this::state);
                BookStats books = books();
                if (allVerified(books) && events.booksUpdatedSinceSnapshot() >= books.books()) {
                    return;
                }
                if (venue.finished()) {
                    fail("the capture ended before every book was verified and updated; " + state());
                }
                venue.pauseAfter(STEP_FRAMES);
            }
        }

        String state()
        {
            Map<String, Long> published = new TreeMap<>();
            String scope = "connector." + connector + ".events.";
            pipe.counts(scope).forEach((name, count) -> published.put(name.substring(scope.length()), count));
            HealthCheck.Result health = pipe.health("connector." + connector);
            Set<SourceStatus.Kind> statusKinds = EnumSet.noneOf(SourceStatus.Kind.class);
            events.statuses().forEach(status -> statusKinds.add(status.kind()));
            return venue + ", connector received " + framesReceived() + " frames, events " + published + ", " + books()
                    + ", decode errors " + decodeErrors(pipe, connector) + ", statuses " + statusKinds
                    + ", health " + (health.isHealthy() ? "healthy" : health.getMessage())
                    + ", last REST requests " + venue.lastRestRequests(5);
        }

        @Override
        public void close()
        {
            // the venue closes after the pipeline, even when closing the pipeline fails
            try (venue) {
                pipe.close();
            }
        }
    }
}
