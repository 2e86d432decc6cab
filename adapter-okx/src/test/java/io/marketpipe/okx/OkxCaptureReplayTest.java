package io.marketpipe.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every recorded OKX capture through the real runtime and this connector and compares
 * the outcome with an independent reading of the same capture, written here with a generic JSON
 * tree and {@link IndependentBook}s: the checksums it verifies and those that fail, the last
 * book of every instrument, and the set of trades. The sequence captures' checksum counts are
 * those of {@code captures/README.md} (and {@code tools/verify_okx_checksum.py}).
 */
class OkxCaptureReplayTest
{
    private static final int PUBLISHED_LEVELS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The captures README's figures: checksums that verify. */
    private static final Map<String, Long> README_CHECKSUMS = Map.of(
            "okx-books-trades-tickers-20220513.jsonl.gz", 290L,
            "okex-l2tbt-conn1-20210722.jsonl.gz", 1504L);

    @TempDir
    Path plugins;

    /**
     * Every OKX capture, including ones added after these tests were written. Sequence captures
     * verify every checksum and never gap or cross; the singles file holds books trimmed by hand,
     * whose checksums fail: they are counted, exactly as the independent reading counts them.
     */
    @TestFactory
    Stream<DynamicTest> everyOkxCaptureReplaysLikeAnIndependentRebuild()
    {
        List<Path> captures = Captures.venue("okx");
        assertTrue(captures.stream().map(path -> path.getFileName().toString()).collect(Collectors.toSet()).containsAll(README_CHECKSUMS.keySet()), "captures: " + captures);
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
            String name = capture.getFileName().toString();
            Rebuild rebuild = Rebuild.of(capture);
            List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
            ReplaySummary summary = replay(capture, events);

            assertEquals(rebuild.checksumsVerified, summary.checksumsVerified(), "checksums verified; " + summary.toJson());
            assertEquals(rebuild.checksumMismatches, summary.checksumMismatches(), "checksum mismatches; " + summary.toJson());
            assertEquals(0, summary.crossed(), "crossed books");
            if (!name.startsWith("singles")) {
                assertTrue(summary.checksumsVerified() > 0, "verifies checksums");
                assertEquals(0, summary.checksumMismatches(), "checksum mismatches");
                assertEquals(0, summary.gaps(), "gaps");
                assertEquals(summary.books(), summary.booksVerified(), "verified books");
            }
            Long expected = README_CHECKSUMS.get(name);
            if (expected != null) {
                assertEquals(expected, summary.checksumsVerified(), "the captures README's count");
            }

            Map<String, BookDepth> lastDepth = new HashMap<>();
            List<String> emittedTrades = new ArrayList<>();
            for (MarketEvent event : events) {
                if (event instanceof BookDepth depth) {
                    lastDepth.put(depth.instrument().nativeSymbol(), depth);
                }
                else if (event instanceof Trade trade) {
                    emittedTrades.add(trade.instrument().nativeSymbol() + "#" + trade.tradeId());
                }
            }
            assertEquals(rebuild.validBooks(), lastDepth.keySet(), "instruments whose book ends valid");
            for (Map.Entry<String, BookDepth> entry : lastDepth.entrySet()) {
                IndependentBook book = rebuild.books.get(entry.getKey());
                assertEquals(IndependentBook.top(book.bids, PUBLISHED_LEVELS), levels(entry.getValue().bids()), entry.getKey() + " bids");
                assertEquals(IndependentBook.top(book.asks, PUBLISHED_LEVELS), levels(entry.getValue().asks()), entry.getKey() + " asks");
            }

            assertEquals(emittedTrades.size(), new HashSet<>(emittedTrades).size(), "a trade emitted twice");
            assertEquals(rebuild.trades, new HashSet<>(emittedTrades), "every recorded trade, once");
        }));
    }

    private ReplaySummary replay(Path capture, List<MarketEvent> events)
    {
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(plugins).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            ReplaySummary summary = pipe.replay();
            System.out.printf("replayed %s: %s%n", capture.getFileName(), summary.toJson());
            return summary;
        }
    }

    private static List<String> levels(List<PriceLevel> levels)
    {
        return levels.stream().map(level -> level.price().toString() + ":" + level.size().toString()).collect(Collectors.toList());
    }

    /**
     * The capture read independently: a book is valid from a snapshot through updates that chain
     * ({@code prevSeqId}) and whose non-zero checksums verify; after a failure it is invalid until
     * the next snapshot.
     */
    private static final class Rebuild
    {
        final Map<String, IndependentBook> books = new HashMap<>();
        final Set<String> trades = new HashSet<>();
        long checksumsVerified;
        long checksumMismatches;

        static Rebuild of(Path capture)
                throws IOException
        {
            Rebuild rebuild = new Rebuild();
            for (CaptureLine line : CaptureReader.readAll(capture)) {
                if (line.kind() != CaptureLine.Kind.RECV || !line.data().startsWith("{")) {
                    continue;
                }
                JsonNode frame = JSON.readTree(line.data());
                JsonNode arg = frame.get("arg");
                if (arg == null || !frame.has("data")) {
                    continue;
                }
                String channel = arg.get("channel").asText();
                String instrument = arg.path("instId").asText();
                if (channel.startsWith("books")) {
                    boolean snapshot = !frame.path("action").asText().equals("update");
                    for (JsonNode entry : frame.get("data")) {
                        rebuild.book(instrument, snapshot, entry);
                    }
                }
                else if (channel.startsWith("trades")) {
                    for (JsonNode trade : frame.get("data")) {
                        rebuild.trades.add(trade.get("instId").asText() + "#" + trade.get("tradeId").asText());
                    }
                }
            }
            return rebuild;
        }

        Set<String> validBooks()
        {
            return books.entrySet().stream().filter(entry -> entry.getValue() != null).map(Map.Entry::getKey).collect(Collectors.toSet());
        }

        private void book(String instrument, boolean snapshot, JsonNode entry)
        {
            IndependentBook book = books.get(instrument);
            if (snapshot) {
                book = new IndependentBook();
            }
            else if (book == null || (entry.has("seqId") && book.lastSeqId != -1 && entry.get("prevSeqId").asLong() != book.lastSeqId)) {
                books.put(instrument, null);
                return;
            }
            book.apply(entry);
            long checksum = entry.path("checksum").asLong(0);
            if (checksum != 0 && checksum != book.checksum()) {
                checksumMismatches++;
                books.put(instrument, null);
                return;
            }
            if (checksum != 0) {
                checksumsVerified++;
            }
            books.put(instrument, book);
        }
    }
}
