package io.marketpipe.binance;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the recorded Binance captures through the real runtime and this connector, and checks
 * the books against what Binance itself published: every {@code bookTicker} whose update id lands
 * on a diff boundary must equal the rebuilt top of book. The expected counts are those of
 * {@code captures/README.md} (and {@code tools/verify_binance_book.py}).
 */
class BinanceCaptureReplayTest
{
    @TempDir
    Path plugins;

    /**
     * The captures README's figures: books, bookTicker frames on diff boundaries, trades, candles.
     */
    private static final Map<String, Expected> EXPECTED = Map.of(
            "spot-btcusdt-20240808.jsonl.gz", new Expected(1, 1072, 19_904, 0),
            "usdm-btcusdt-20240808.jsonl.gz", new Expected(1, 629, 21_313, 0),
            "spot-10symbols-20210405.jsonl.gz", new Expected(10, 1152, 1_240, 0),
            "usdm-4symbols-20210722.jsonl.gz", new Expected(4, 50, 91, 67));

    /**
     * Every sequence capture of the venue, including ones added after these tests were written:
     * books bridge and never gap or cross, the rebuilt top equals every bookTicker on a diff
     * boundary, trade ids are continuous. The 2021 captures carry {@code aggTrade} and
     * {@code kline_1m} frames and snapshots recorded after the first diffs.
     */
    @TestFactory
    Stream<DynamicTest> everyBinanceCaptureReplaysWithBooksMatchingBookTicker()
    {
        List<Path> captures = Captures.venue("binance").stream()
                .filter(path -> !path.getFileName().toString().startsWith("singles"))
                .collect(Collectors.toList());
        assertTrue(captures.stream().map(path -> path.getFileName().toString()).collect(Collectors.toSet()).containsAll(EXPECTED.keySet()), "captures: " + captures);
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
            Replay replay = replay(capture);
            assertEquals(0, replay.summary.gaps(), "gaps");
            assertEquals(0, replay.summary.crossed(), "crossed books");
            assertTrue(replay.summary.books() > 0, "keeps books");
            assertEquals(replay.summary.books(), replay.summary.booksVerified(), "verified books");
            assertEquals(1, replay.summary.restUnmatched(), "every request but exchangeInfo is answered from the capture");
            QuoteCheck quotes = replay.quoteCheck();
            assertEquals(List.of(), quotes.mismatches(), "bookTicker against the rebuilt top");
            replay.assertTradeIdsContinuous();
            Expected expected = EXPECTED.get(capture.getFileName().toString());
            if (expected != null) {
                assertEquals(expected.books(), replay.summary.books(), "books");
                assertEquals(expected.matchedQuotes(), quotes.matched(), "bookTicker frames on diff boundaries");
                assertEquals(expected.trades(), replay.trades().size(), "trades (trade or aggTrade frames)");
                assertEquals(expected.candles(), replay.of(Candle.class).stream().filter(candle -> candle.source() == CandleSource.VENUE).count(), "venue candles (kline frames)");
            }
        }));
    }

    @Test
    void aRemovedDiffFrameIsDetectedAsAGapAndTheBookResyncsFromTheNextSnapshot()
            throws IOException, DecodeException
    {
        Path original = Captures.require("binance/spot-btcusdt-20240808.jsonl.gz");
        Path modified = plugins.resolveSibling("spot-btcusdt-missing-diff.jsonl.gz");
        int removed = 3000;
        int snapshotAfter = removed + 10;
        long snapshotId = SnapshotCaptures.withExtraSnapshot(original, modified, removed, snapshotAfter);

        Replay replay = replay(modified);

        assertEquals(1, replay.summary.gaps(), "the missing diff breaks the U = u+1 chain once");
        assertEquals(1, replay.summary.resyncs());
        assertEquals(0, replay.summary.crossed());
        assertEquals(1, replay.summary.booksVerified(), "verified again after the resync");
        assertEquals(1, replay.statuses(SourceStatus.Kind.GAP).size());
        assertEquals(1, replay.statuses(SourceStatus.Kind.RESYNC).size());
        List<BookDepth> snapshots = replay.depths().stream().filter(BookDepth::snapshot).collect(Collectors.toList());
        assertEquals(2, snapshots.size());
        assertEquals(snapshotId, snapshots.get(1).seq(), "the resync starts from the second snapshot");
        assertTrue(replay.depths().stream().anyMatch(depth -> !depth.snapshot() && depth.seq() > snapshotId), "diffs bridge the new snapshot");
        QuoteCheck quotes = replay.quoteCheck();
        assertEquals(List.of(), quotes.mismatches());
        assertTrue(quotes.matched() > 1000 && quotes.matched() < 1072, "matches lost only around the gap: " + quotes.matched());
    }

    private Replay replay(Path capture)
    {
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(plugins).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            ReplaySummary summary = pipe.replay();
            System.out.printf("replayed %s: %d frames at %d frames/s; %s%n", capture.getFileName(), summary.frames(), summary.framesPerSecond(), summary.toJson());
            return new Replay(summary, List.copyOf(events));
        }
    }

    private record Expected(long books, long matchedQuotes, long trades, long candles) {}

    private record QuoteCheck(long matched, List<String> mismatches) {}

    private record Replay(ReplaySummary summary, List<MarketEvent> events)
    {
        <T extends MarketEvent> List<T> of(Class<T> type)
        {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }

        List<Trade> trades()
        {
            return of(Trade.class);
        }

        List<BookDepth> depths()
        {
            return of(BookDepth.class);
        }

        List<SourceStatus> statuses(SourceStatus.Kind kind)
        {
            return of(SourceStatus.class).stream().filter(status -> status.kind() == kind).collect(Collectors.toList());
        }

        /**
         * Compares every quote whose update id equals the sequence of a book published after a
         * diff with that book's best bid and ask, price and size.
         */
        QuoteCheck quoteCheck()
        {
            Map<String, BookDepth> byUpdateId = new HashMap<>();
            for (BookDepth depth : depths()) {
                if (!depth.snapshot()) {
                    byUpdateId.put(depth.instrument().key() + "#" + depth.seq(), depth);
                }
            }
            long matched = 0;
            List<String> mismatches = new ArrayList<>();
            for (Quote quote : of(Quote.class)) {
                BookDepth depth = byUpdateId.get(quote.instrument().key() + "#" + quote.seq());
                if (depth == null) {
                    continue;
                }
                PriceLevel bid = new PriceLevel(quote.bidPrice(), quote.bidSize());
                PriceLevel ask = new PriceLevel(quote.askPrice(), quote.askSize());
                if (bid.equals(depth.bestBid()) && ask.equals(depth.bestAsk())) {
                    matched++;
                }
                else {
                    mismatches.add(quote + " vs " + depth.bestBid() + " / " + depth.bestAsk());
                }
            }
            return new QuoteCheck(matched, mismatches);
        }

        void assertTradeIdsContinuous()
        {
            Map<String, Long> last = new HashMap<>();
            List<String> breaks = new ArrayList<>();
            for (Trade trade : trades()) {
                long id = Long.parseLong(trade.tradeId());
                Long previous = last.put(trade.instrument().key(), id);
                if (previous != null && id != previous + 1) {
                    breaks.add(trade.instrument().symbol() + " " + previous + " -> " + id);
                }
            }
            assertEquals(List.of(), breaks, "trade id breaks");
        }
    }
}
