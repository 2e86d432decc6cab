package io.marketpipe.binance;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.EventListener;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.OverflowPolicy;
import io.marketpipe.core.RunningConnector;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;
import io.marketpipe.testkit.venue.FaultKind;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One fault test's world: a {@link SyntheticBinance} venue on loopback and an embedded pipeline
 * running the real Binance connector against it, with a listener that keeps what arrives.
 */
final class FaultRun
        implements AutoCloseable
{
    private static final int LIVE_STEP_FRAMES = 10;
    private static final int BOOK_LEVELS_COMPARED = 10;

    static final String CONNECTOR = "binance-spot";

    final SyntheticBinance market;
    final FakeVenue venue;
    final MarketPipe pipe;
    final Received received;

    private FaultRun(SyntheticBinance market, FakeVenue venue, MarketPipe pipe, Received received)
    {
        this.market = market;
        this.venue = venue;
        this.pipe = pipe;
        this.received = received;
    }

    /**
     * Starts a venue playing the synthetic market, held after {@code pauseAfter} frames, and a
     * pipeline connected to it.
     *
     * @param connectorSettings HOCON keys added to the connector block
     * @param settings HOCON added to the configuration
     */
    static FaultRun start(long seed, int frames, ReplaySpeed speed, long pauseAfter, String connectorSettings, String settings)
            throws IOException
    {
        SyntheticBinance market = new SyntheticBinance(seed, frames);
        FakeVenue venue = market.start(speed);
        venue.pauseAfter(pauseAfter);
        String config = "marketpipe.connectors = [{ type = binance, name = " + CONNECTOR + ", symbols = [" + String.join(", ", SyntheticBinance.SYMBOLS) + "], "
                + "channels = [trades, book], exchange-info = false, book-depth = 100, "
                + "ws-url = \"" + venue.wsUrl() + "\", rest-url = \"" + venue.restUrl() + "\", "
                + "reconnect-backoff-min = 50ms, reconnect-backoff-max = 500ms, stale-after = 1s, stream-stale-after = 0s, "
                // a fault run resyncs and backfills far more often than a day of live trading
                + "rest-budget { weight = 12000, interval = 1m }"
                + (connectorSettings.isEmpty() ? "" : ", " + connectorSettings) + " }]\n"
                + "marketpipe.metrics.log-interval = 0\n"
                + "marketpipe.candles.intervals = []\n"
                + "marketpipe.transport.read-timeout = 2s\n"
                + "marketpipe.transport.retry-after-default = 1s\n"
                + FakeVenue.PIPELINE_SETTINGS
                + settings;
        Received received = new Received();
        MarketPipe pipe;
        try {
            pipe = MarketPipe.builder()
                    .pluginsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-fault-run-no-plugins-" + UUID.randomUUID()))
                    .config(config)
                    .listener("received", received, OverflowPolicy.BLOCK)
                    .build();
        }
        catch (RuntimeException e) {
            venue.close();
            throw e;
        }
        pipe.start();
        return new FaultRun(market, venue, pipe, received);
    }

    RunningConnector connector()
    {
        return pipe.connectors().get(0);
    }

    BookStats books()
    {
        return connector().bookStats();
    }

    boolean booksVerified()
    {
        BookStats books = books();
        return books.books() == SyntheticBinance.SYMBOLS.size() && books.booksVerified() == books.books();
    }

    HealthCheck.Result health()
    {
        return pipe.health("connector." + CONNECTOR);
    }

    /**
     * @return {@code healthy}, {@code degraded} or {@code critical}
     */
    String healthLevel()
    {
        Object level = health().getDetails().get("level");
        return level == null ? "unknown" : level.toString();
    }

    /**
     * @return the sum of the connector's counters whose name ends with the suffix
     */
    long counter(String suffix)
    {
        String scope = "connector." + CONNECTOR + ".";
        long sum = 0;
        for (Map.Entry<String, Long> counter : pipe.counts(scope).entrySet()) {
            if (counter.getKey().endsWith(suffix)) {
                sum += counter.getValue();
            }
        }
        return sum;
    }

    void await(String description, BooleanSupplier condition)
    {
        Await.until(description, condition, this::state);
    }

    /**
     * Lets the venue play up to its pause, then on, a few frames at a time, until every book is
     * live: verified and updated by a diff on top of its snapshot, so that the next diff withheld
     * or lost is caught by the live sequence check, not by the snapshot bridge.
     */
    void awaitLive()
    {
        await("the venue reached its pause", venue::paused);
        while (true) {
            await("the connector received every frame sent", () -> counter("frames.received") >= venue.framesSent());
            await("every book is verified", this::booksVerified);
            if (received.booksUpdatedSinceSnapshot() == SyntheticBinance.SYMBOLS.size()) {
                return;
            }
            if (venue.finished()) {
                throw new AssertionError("the script ended before every book was live; " + state());
            }
            venue.pauseAfter(LIVE_STEP_FRAMES);
            await("the venue paused again", () -> venue.paused() || venue.finished());
        }
    }

    /**
     * Plays the rest of the script and checks that the pipeline recovered by itself: every trade
     * the venue published arrived exactly once, every book is verified, never crossed and equal to
     * the venue's own book at the end, nothing was reported missing, and the source is healthy.
     */
    void assertRecovered()
    {
        venue.resume();
        await("the venue played the whole script", venue::finished);
        Set<String> published = market.publishedTrades();
        await("every published trade arrived", () -> received.tradeIds().containsAll(published));
        await("every book is verified", this::booksVerified);
        await("the source is healthy", () -> health().isHealthy());
        assertEquals(published, received.tradeIds(), "trade ids received");
        assertEquals(List.of(), received.duplicates(), "trades received more than once");
        assertEquals(0, received.crossedBooks(), "crossed books published");
        assertEquals(0, books().crossed(), "crossed books; " + state());
        assertEquals(0, counter("trades.missed"), "trades reported missing; " + state());
        for (String symbol : SyntheticBinance.SYMBOLS) {
            await(symbol + "'s last published book is the venue's book", () -> market.finalBook(symbol, BOOK_LEVELS_COMPARED).equals(received.lastBook(symbol, BOOK_LEVELS_COMPARED)));
        }
    }

    String state()
    {
        Map<FaultKind, Long> injected = new EnumMap<>(FaultKind.class);
        for (FaultKind kind : FaultKind.values()) {
            if (venue.injected(kind) > 0) {
                injected.put(kind, venue.injected(kind));
            }
        }
        return venue + ", injected " + injected + ", " + books() + ", trades received " + received.tradeIds().size() + " of " + market.publishedTrades().size()
                + " (backfilled " + counter("trades.backfilled") + "), health " + healthLevel() + " " + health().getMessage()
                + ", statuses " + received.statusCounts() + ", last REST " + venue.lastRestRequests(5);
    }

    @Override
    public void close()
    {
        // the venue closes after the pipeline, even when closing the pipeline fails
        try (venue) {
            pipe.close();
        }
    }

    /**
     * What the listener received: trade ids with their count, crossed books, statuses.
     */
    static final class Received
            implements EventListener
    {
        private final Map<String, Integer> trades = new HashMap<>();
        private final Map<String, Boolean> updatedSinceSnapshot = new HashMap<>();
        private final Map<String, BookDepth> lastBooks = new HashMap<>();
        private final List<SourceStatus> statuses = new ArrayList<>();
        private long crossedBooks;
        private long backfilled;

        @Override
        public synchronized void onEvent(MarketEvent event)
        {
            if (event instanceof Trade trade) {
                trades.merge(trade.instrument().nativeSymbol() + ":" + trade.tradeId(), 1, Integer::sum);
                if (trade.backfilled()) {
                    backfilled++;
                }
            }
            else if (event instanceof BookDepth depth) {
                updatedSinceSnapshot.put(depth.instrument().nativeSymbol(), !depth.snapshot());
                lastBooks.put(depth.instrument().nativeSymbol(), depth);
                if (depth.bestBid() != null && depth.bestAsk() != null && depth.bestBid().price().compareTo(depth.bestAsk().price()) >= 0) {
                    crossedBooks++;
                }
            }
            else if (event instanceof SourceStatus status) {
                statuses.add(status);
            }
        }

        synchronized Set<String> tradeIds()
        {
            return new HashSet<>(trades.keySet());
        }

        synchronized List<String> duplicates()
        {
            return trades.entrySet().stream().filter(entry -> entry.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
        }

        /**
         * @return the symbol's last published book, as {@link SyntheticBinance#finalBook} spells it
         */
        synchronized List<String> lastBook(String symbol, int depth)
        {
            BookDepth book = lastBooks.get(symbol);
            List<String> lines = new ArrayList<>();
            if (book != null) {
                book.bids().stream().limit(depth).forEach(level -> lines.add("bid " + level.price() + " x " + level.size()));
                book.asks().stream().limit(depth).forEach(level -> lines.add("ask " + level.price() + " x " + level.size()));
            }
            return lines;
        }

        /**
         * @return how many books had a diff applied on top of their latest snapshot
         */
        synchronized long booksUpdatedSinceSnapshot()
        {
            return updatedSinceSnapshot.values().stream().filter(Boolean::booleanValue).count();
        }

        synchronized long crossedBooks()
        {
            return crossedBooks;
        }

        synchronized long backfilled()
        {
            return backfilled;
        }

        synchronized List<SourceStatus> statuses(SourceStatus.Kind kind)
        {
            return statuses.stream().filter(status -> status.kind() == kind).toList();
        }

        synchronized Map<SourceStatus.Kind, Long> statusCounts()
        {
            Map<SourceStatus.Kind, Long> counts = new TreeMap<>();
            statuses.forEach(status -> counts.merge(status.kind(), 1L, Long::sum));
            return counts;
        }
    }
}
