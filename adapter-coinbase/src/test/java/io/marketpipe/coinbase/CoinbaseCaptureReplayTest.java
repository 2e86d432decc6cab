package io.marketpipe.coinbase;

import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.RunningConnector;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the recorded Coinbase captures, of both feeds, through the real runtime with no
 * configuration: the runtime picks {@code type = coinbase} from the header, and the connector tells
 * the feeds apart by the frames' shape. The last book of every product must equal an independent
 * rebuild from the capture ({@link CoinbaseBooks}); the expected counts are those of
 * {@code captures/README.md} and {@code tools/verify_coinbase.py}.
 */
class CoinbaseCaptureReplayTest
{
    private static final String ADVANCED_TRADE = "coinbase/advanced-trade-20260809.jsonl.gz";

    @TempDir
    Path plugins;

    @TempDir
    Path scratch;

    /**
     * Books, trades (ids), and Advanced Trade envelopes whose sequence_num followed the previous one.
     */
    private static final Map<String, Expected> EXPECTED = Map.of(
            "advanced-trade-20260809.jsonl.gz", new Expected(2, 279, 1029),
            "exchange-feed-20210417.jsonl.gz", new Expected(10, 107, 0));

    /**
     * Every sequence capture of the venue, including ones added after these tests were written.
     */
    @TestFactory
    List<DynamicTest> everyCoinbaseCaptureReplaysWithBooksEqualToAnIndependentRebuild()
    {
        List<DynamicTest> tests = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Path capture : Captures.venue("coinbase")) {
            String name = capture.getFileName().toString();
            if (!name.startsWith("singles")) {
                names.add(name);
                tests.add(DynamicTest.dynamicTest(name, () -> assertReplaysCleanly(capture, EXPECTED.get(name))));
            }
        }
        assertTrue(names.containsAll(EXPECTED.keySet()), "captures: " + names);
        return tests;
    }

    private void assertReplaysCleanly(Path capture, Expected expected)
            throws IOException, DecodeException
    {
        Replay replay = replay(capture);
        Map<String, CoinbaseBooks.Book> rebuilt = CoinbaseBooks.rebuild(capture);
        assertEquals(rebuilt.keySet(), replay.lastBooks().keySet(), "products with books");
        replay.assertBooksEqualRebuild(rebuilt);
        assertEquals(List.of(), replay.crossedDepths(), "published books that cross");
        assertEquals(replay.summary.books(), replay.summary.booksVerified(), "verified books");
        assertTrue(replay.summary.books() > 0 && replay.summary.gaps() == 0 && replay.summary.crossed() == 0, "books kept, no gap, none crossed: " + replay.summary.toJson());
        assertEquals(0, replay.counter("sequence.gaps"), "sequence_num breaks");
        assertEquals(0, replay.counter("frames.invalid"), "frames that could not be decoded");
        replay.assertTradeIdsOnceAndContinuous();
        if (expected != null) {
            assertEquals(expected.books(), replay.summary.books(), "books");
            assertEquals(expected.trades(), replay.trades().size(), "trades");
            assertEquals(expected.sequenceVerified(), replay.counter("sequence.verified"), "sequence_num links verified");
        }
    }

    @Test
    void lastMatchIsATradeAndEveryMatchIdIsEmittedOnce()
            throws IOException
    {
        Replay replay = replay(Captures.require("coinbase/exchange-feed-20210417.jsonl.gz"));
        // 97 match and 10 last_match messages
        assertEquals(107, replay.trades().size());
        assertTrue(replay.trades().stream().anyMatch(trade -> trade.instrument().nativeSymbol().equals("BAND-GBP") && trade.tradeId().equals("881613")),
                "the subscribe-time last_match of BAND-GBP");
    }

    @Test
    void singleMessagesOfMixedKindsReplayWithoutFailing()
    {
        Replay replay = replay(Captures.require("coinbase/singles.jsonl.gz"));
        assertEquals(5, replay.summary.frames());
        assertEquals(0, replay.counter("frames.invalid"), "every single message decodes");
        assertEquals(List.of("147587438"), replay.trades().stream().map(Trade::tradeId).collect(Collectors.toList()), "the last_match");
        assertEquals(1, replay.summary.books(), "the BTC-USD snapshot");
        // the update was taken from another day than the snapshot: applied on top of it, the book crosses
        assertEquals(1, replay.summary.crossed());
    }

    @Test
    void aRemovedLevel2FrameBreaksTheSequenceAndTheBooksAreRebuiltFromFreshSnapshots()
            throws IOException, DecodeException
    {
        Path original = Captures.require(ADVANCED_TRADE);
        Path modified = scratch.resolve("advanced-trade-missing-update.jsonl.gz");
        CoinbaseBooks.withFreshSnapshots(original, modified, 100, 150);

        Replay replay = replay(modified);

        assertEquals(1, replay.counter("sequence.gaps"), "one sequence_num jump");
        assertEquals(2, replay.summary.gaps(), "both books on the connection were invalidated");
        assertEquals(2, replay.summary.resyncs(), "both rebuilt from the fresh snapshots");
        assertEquals(2, replay.summary.booksVerified());
        assertEquals(0, replay.summary.crossed());
        assertEquals(2, replay.statuses(SourceStatus.Kind.GAP).size());
        assertEquals(2, replay.statuses(SourceStatus.Kind.RESYNC).size());
        assertTrue(replay.statuses(SourceStatus.Kind.GAP).get(0).reason().contains("sequence_num jumped"), replay.statuses(SourceStatus.Kind.GAP).toString());
        // the rebuilt books end where the complete recording ends
        replay.assertBooksEqualRebuild(CoinbaseBooks.rebuild(original));
    }

    private Replay replay(Path capture)
    {
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(plugins).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            ReplaySummary summary = pipe.replay();
            System.out.printf("replayed %s: %d frames; %s%n", capture.getFileName(), summary.frames(), summary.toJson());
            RunningConnector connector = pipe.connectors().get(0);
            assertEquals("coinbase", connector.type(), "the connector the header's exchange names");
            Map<String, Long> counters = new HashMap<>();
            String scope = "connector." + connector.name() + ".";
            pipe.counts(scope).forEach((name, count) -> counters.put(name.substring(scope.length()), count));
            List<MarketEvent> copy = List.copyOf(events);
            Map<String, BookView> books = new TreeMap<>();
            for (Instrument instrument : copy.stream().filter(BookDepth.class::isInstance).map(MarketEvent::instrument).collect(Collectors.toSet())) {
                connector.book(instrument).ifPresent(book -> books.put(instrument.nativeSymbol(), book));
            }
            return new Replay(summary, copy, counters, books);
        }
    }

    private record Expected(long books, long trades, long sequenceVerified) {}

    private record Replay(ReplaySummary summary, List<MarketEvent> events, Map<String, Long> counters, Map<String, BookView> lastBooks)
    {
        long counter(String name)
        {
            return counters.getOrDefault(name, 0L);
        }

        List<Trade> trades()
        {
            return events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).collect(Collectors.toList());
        }

        List<SourceStatus> statuses(SourceStatus.Kind kind)
        {
            return events.stream().filter(SourceStatus.class::isInstance).map(SourceStatus.class::cast).filter(status -> status.kind() == kind).collect(Collectors.toList());
        }

        List<String> crossedDepths()
        {
            return events.stream().filter(BookDepth.class::isInstance).map(BookDepth.class::cast)
                    .filter(depth -> depth.bestBid() != null && depth.bestAsk() != null && depth.bestBid().price().compareTo(depth.bestAsk().price()) >= 0)
                    .map(BookDepth::toString).collect(Collectors.toList());
        }

        void assertBooksEqualRebuild(Map<String, CoinbaseBooks.Book> rebuilt)
        {
            for (Map.Entry<String, CoinbaseBooks.Book> expected : rebuilt.entrySet()) {
                BookView book = lastBooks.get(expected.getKey());
                assertTrue(book != null && book.verified(), "no verified book of " + expected.getKey());
                assertEquals(levels(expected.getValue().bids()), levels(book.topBids(Integer.MAX_VALUE)), "bids of " + expected.getKey());
                assertEquals(levels(expected.getValue().asks()), levels(book.topAsks(Integer.MAX_VALUE)), "asks of " + expected.getKey());
            }
        }

        private static Map<BigDecimal, BigDecimal> levels(TreeMap<BigDecimal, BigDecimal> side)
        {
            Map<BigDecimal, BigDecimal> levels = new LinkedHashMap<>();
            side.forEach((price, size) -> levels.put(price.stripTrailingZeros(), size.stripTrailingZeros()));
            return levels;
        }

        private static Map<BigDecimal, BigDecimal> levels(List<PriceLevel> side)
        {
            Map<BigDecimal, BigDecimal> levels = new LinkedHashMap<>();
            side.forEach(level -> levels.put(level.price().toBigDecimal().stripTrailingZeros(), level.size().toBigDecimal().stripTrailingZeros()));
            return levels;
        }

        void assertTradeIdsOnceAndContinuous()
        {
            Set<String> seen = new HashSet<>();
            Map<String, Long> last = new HashMap<>();
            List<String> problems = new ArrayList<>();
            for (Trade trade : trades()) {
                String key = trade.instrument().nativeSymbol() + "#" + trade.tradeId();
                if (!seen.add(key)) {
                    problems.add("twice: " + key);
                }
                long id = Long.parseLong(trade.tradeId());
                Long previous = last.put(trade.instrument().nativeSymbol(), id);
                if (previous != null && id != previous + 1) {
                    problems.add(trade.instrument().nativeSymbol() + " " + previous + " -> " + id);
                }
            }
            assertFalse(seen.isEmpty(), "no trades");
            assertEquals(List.of(), problems, "trade ids emitted twice or out of order");
        }
    }
}
