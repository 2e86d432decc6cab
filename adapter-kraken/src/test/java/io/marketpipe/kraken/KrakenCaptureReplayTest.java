package io.marketpipe.kraken;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the recorded Kraken captures through the real runtime and this connector, with no
 * Kraken configuration at all, and checks the result against an independent rebuild of every
 * book from the capture's frames: every update's checksum verified, none failing, no crossed
 * book, the last book of every pair level for level as rebuilt, every trade emitted.
 */
class KrakenCaptureReplayTest
{
    /** The captures README's count for the 2021 v1 recording. */
    private static final long V1_2021_CHECKSUMS = 4269;

    @TempDir
    Path plugins;

    /**
     * Every recorded sequence of the venue (captures whose lines carry receive times), including
     * ones added after these tests were written.
     */
    @TestFactory
    Stream<DynamicTest> everyKrakenRecordingReplaysWithEveryChecksumVerifiedAndBooksAsRebuilt()
    {
        List<Path> recordings = Captures.venue("kraken").stream().filter(KrakenCaptureReplayTest::isRecording).collect(Collectors.toList());
        assertFalse(recordings.isEmpty(), "no Kraken recording among " + Captures.venue("kraken"));
        return recordings.stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> assertReplaysAsRebuilt(capture)));
    }

    /**
     * A v2 recording (objects, JSON numbers, a checksum on the snapshot too, trade ids with a
     * repeat) replays the same way, with no setting saying which API it holds.
     */
    @Test
    void v2RecordingReplaysAsRebuilt()
            throws IOException, DecodeException
    {
        BookSnapshot docs = KrakenChecksumTest.docsSnapshot();
        List<PriceLevel> asks = new ArrayList<>(docs.asks());
        asks.set(0, PriceLevel.parse("45285.2", "0.00200000"));
        long checksum = KrakenChecksum.atPrecision(1, 8).compute(asks, docs.bids());
        String trade = "{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"buy\",\"price\":45285.2,"
                + "\"qty\":0.00100000,\"ord_type\":\"market\",\"trade_id\":%d,\"timestamp\":\"2023-10-06T17:35:56.000000Z\"}]}";
        List<String> frames = List.of(
                "{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":10,\"snapshot\":true,\"symbol\":\"BTC/USD\"},\"success\":true,\"req_id\":1}",
                Files.readString(Captures.require("kraken/v2-docs-book-snapshot.json")).replaceAll("\\s+", ""),
                String.format(trade, 7),
                "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[],\"asks\":[{\"price\":45285.2,\"qty\":0.00200000}],"
                        + "\"checksum\":" + checksum + ",\"timestamp\":\"2023-10-06T17:35:56.100000Z\"}]}",
                String.format(trade, 8),
                String.format(trade, 8),
                "{\"channel\":\"heartbeat\"}");
        Path capture = plugins.resolveSibling("kraken-v2-synthetic.jsonl.gz");
        try (Writer out = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(capture)), StandardCharsets.UTF_8)) {
            out.write("{\"t\":\"header\",\"format\":\"marketpipe-capture/1\",\"exchange\":\"kraken\",\"market\":\"spot\",\"symbols\":[\"BTC/USD\"],"
                    + "\"recorded\":\"2023-10-06T17:35:55Z\",\"source\":\"test\",\"license\":\"MIT\",\"notes\":\"\"}\n");
            out.write("{\"t\":\"open\",\"ts\":1696613755000000000,\"conn\":1,\"url\":\"wss://ws.kraken.com/v2\"}\n");
            long ts = 1696613755000000000L;
            for (String frame : frames) {
                ts += 1_000_000;
                out.write("{\"t\":\"recv\",\"ts\":" + ts + ",\"conn\":1,\"data\":" + quoted(frame) + "}\n");
            }
        }

        assertReplaysAsRebuilt(capture);
    }

    private static String quoted(String text)
    {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void assertReplaysAsRebuilt(Path capture)
            throws IOException, DecodeException
    {
        Rebuild expected = Rebuild.of(capture);
        Replay replay = replay(capture);
        ReplaySummary summary = replay.summary;

        assertTrue(expected.checksums > 0, "the recording has book updates with checksums");
        if (capture.getFileName().toString().equals("kraken-v1-20210417.jsonl.gz")) {
            assertEquals(V1_2021_CHECKSUMS, expected.checksums, "checksummed updates in the capture");
        }
        assertEquals(expected.checksums, summary.checksumsVerified(), "checksums verified");
        assertEquals(0, summary.checksumMismatches(), "checksum mismatches");
        assertEquals(0, summary.crossed(), "crossed books");
        assertEquals(0, summary.gaps(), "gaps");
        assertEquals(expected.books.size(), summary.books(), "books");
        assertEquals(summary.books(), summary.booksVerified(), "verified books");

        Map<String, BookDepth> last = new HashMap<>();
        for (BookDepth depth : replay.of(BookDepth.class)) {
            last.put(depth.instrument().nativeSymbol(), depth);
        }
        assertEquals(expected.books.keySet(), last.keySet(), "pairs with books, by native name");
        expected.books.forEach((pair, book) -> {
            BookDepth depth = last.get(pair);
            assertEquals(book.top(book.bids, Comparator.reverseOrder()), written(depth.bids()), pair + " bids");
            assertEquals(book.top(book.asks, Comparator.naturalOrder()), written(depth.asks()), pair + " asks");
        });

        List<String> trades = replay.of(Trade.class).stream()
                .map(trade -> trade.instrument().nativeSymbol() + " " + trade.price() + " " + trade.size())
                .collect(Collectors.toList());
        assertEquals(expected.trades, trades, "every trade, in order, as written");
    }

    /**
     * The singles (no receive times) hold hand-trimmed books (their checksums cannot verify), Kraken Futures
     * messages this spot adapter does not speak, an empty snapshot and a two-dict update: each is
     * decoded, counted as a decode error or ignored, and the replay ends with the spot messages'
     * events published.
     */
    @Test
    void singlesWithTrimmedAndForeignMessagesReplayWithoutFailing()
    {
        Replay replay = replay(Captures.require("kraken/singles.jsonl.gz"));

        assertTrue(replay.summary.frames() > 0);
        assertEquals(1, replay.of(Trade.class).size(), "the v1 trade");
        assertTrue(replay.of(SourceStatus.class).stream().anyMatch(status -> status.kind() == SourceStatus.Kind.DECODE_ERROR),
                "the futures messages are reported as decode errors");
        assertTrue(replay.summary.events().getOrDefault("quote", 0L) >= 1, "the spread: " + replay.summary.events());
        assertTrue(replay.summary.events().getOrDefault("candle", 0L) >= 1, "the ohlc: " + replay.summary.events());
    }

    // a JSON number as written: integers as they are, decimals with their scale
    private static String number(Object value)
    {
        return value instanceof BigDecimal decimal ? decimal.toPlainString() : String.valueOf(value);
    }

    private static List<String> written(List<PriceLevel> levels)
    {
        return levels.stream().map(level -> level.price() + " " + level.size()).collect(Collectors.toList());
    }

    private static boolean isRecording(Path capture)
    {
        try (CaptureReader reader = CaptureReader.open(capture)) {
            if (reader.header().recorded() == null) {
                return false;
            }
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.RECV) {
                    return true;
                }
            }
            return false;
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Replay replay(Path capture)
    {
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(plugins)
                .config("marketpipe.connectors = [{ type = kraken, publish-depth = 1000 }]\nmarketpipe.metrics.log-interval = 0\n")
                .replay(capture, "max")
                .listener(events::add)
                .build()) {
            pipe.start();
            ReplaySummary summary = pipe.replay();
            System.out.printf("replayed %s: %d frames; %s%n", capture.getFileName(), summary.frames(), summary.toJson());
            return new Replay(summary, List.copyOf(events));
        }
    }

    private record Replay(ReplaySummary summary, List<MarketEvent> events)
    {
        <T extends MarketEvent> List<T> of(Class<T> type)
        {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }
    }

    /**
     * The books and trades of a capture, rebuilt from its frames with price keys compared as
     * numbers and values kept as Kraken wrote them.
     */
    private static final class Rebuild
    {
        private final Map<String, Book> books = new LinkedHashMap<>();
        private final List<String> trades = new ArrayList<>();
        private final Set<String> tradeIds = new HashSet<>();
        private final Map<String, Integer> depths = new HashMap<>();
        private long checksums;

        static Rebuild of(Path capture)
                throws IOException, DecodeException
        {
            Rebuild rebuild = new Rebuild();
            try (CaptureReader reader = CaptureReader.open(capture)) {
                for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                    if (line.kind() != CaptureLine.Kind.RECV) {
                        continue;
                    }
                    Object frame = JsonObject.parse(line.data());
                    if (frame instanceof List<?> array && array.size() >= 4) {
                        rebuild.v1(array);
                    }
                    else if (frame instanceof JsonObject object) {
                        rebuild.v2(object);
                    }
                }
            }
            return rebuild;
        }

        private void v1(List<?> frame)
        {
            String channel = (String) frame.get(frame.size() - 2);
            String pair = (String) frame.get(frame.size() - 1);
            List<?> parts = frame.subList(1, frame.size() - 2);
            if (channel.equals("trade")) {
                for (Object row : (List<?>) parts.get(0)) {
                    List<?> fields = (List<?>) row;
                    trades.add(pair + " " + fields.get(0) + " " + fields.get(1));
                }
                return;
            }
            if (!channel.startsWith("book")) {
                return;
            }
            int depth = channel.contains("-") ? Integer.parseInt(channel.substring(channel.indexOf('-') + 1)) : 10;
            JsonObject first = (JsonObject) parts.get(0);
            if (first.hasKey("as") || first.hasKey("bs")) {
                Book book = new Book(depth);
                book.put(book.asks, first.get("as"));
                book.put(book.bids, first.get("bs"));
                books.put(pair, book);
                return;
            }
            Book book = books.get(pair);
            for (Object part : parts) {
                JsonObject dict = (JsonObject) part;
                book.put(book.asks, dict.get("a"));
                book.put(book.bids, dict.get("b"));
                if (dict.hasKey("c")) {
                    checksums++;
                }
            }
            book.truncate();
        }

        /**
         * v2: books keyed by the v1 name of their symbol, truncated to the depth the subscription
         * acknowledged (10 unless it said); trades once per id.
         */
        private void v2(JsonObject frame)
                throws DecodeException
        {
            if (frame.has("result") && frame.object("result").has("depth")) {
                depths.put(frame.object("result").string("symbol"), (int) frame.object("result").longValue("depth"));
            }
            String channel = frame.optionalString("channel");
            if ("trade".equals(channel)) {
                for (Object entry : frame.array("data")) {
                    JsonObject trade = (JsonObject) entry;
                    String pair = KrakenSymbols.fromV2(trade.string("symbol")).nativeSymbol();
                    if (tradeIds.add(pair + "#" + trade.longValue("trade_id"))) {
                        trades.add(pair + " " + number(trade.get("price")) + " " + number(trade.get("qty")));
                    }
                }
            }
            if (!"book".equals(channel)) {
                return;
            }
            boolean snapshot = "snapshot".equals(frame.string("type"));
            for (Object entry : frame.array("data")) {
                JsonObject data = (JsonObject) entry;
                String symbol = data.string("symbol");
                String pair = KrakenSymbols.fromV2(symbol).nativeSymbol();
                Book book = snapshot ? new Book(depths.getOrDefault(symbol, 10)) : books.get(pair);
                if (snapshot) {
                    books.put(pair, book);
                }
                book.putV2(book.asks, data.get("asks"));
                book.putV2(book.bids, data.get("bids"));
                book.truncate();
                if (data.has("checksum")) {
                    checksums++;
                }
            }
        }
    }

    private static final class Book
    {
        private final int depth;
        private final TreeMap<BigDecimal, String> bids = new TreeMap<>();
        private final TreeMap<BigDecimal, String> asks = new TreeMap<>();

        Book(int depth)
        {
            this.depth = depth;
        }

        void put(TreeMap<BigDecimal, String> side, Object rows)
        {
            if (rows == null) {
                return;
            }
            for (Object row : (List<?>) rows) {
                List<?> fields = (List<?>) row;
                String price = (String) fields.get(0);
                String volume = (String) fields.get(1);
                if (new BigDecimal(volume).signum() == 0) {
                    side.remove(new BigDecimal(price));
                }
                else {
                    side.put(new BigDecimal(price), price + " " + volume);
                }
            }
        }

        void putV2(TreeMap<BigDecimal, String> side, Object levels)
        {
            if (levels == null) {
                return;
            }
            for (Object entry : (List<?>) levels) {
                JsonObject level = (JsonObject) entry;
                BigDecimal price = new BigDecimal(number(level.get("price")));
                String quantity = number(level.get("qty"));
                if (new BigDecimal(quantity).signum() == 0) {
                    side.remove(price);
                }
                else {
                    side.put(price, number(level.get("price")) + " " + quantity);
                }
            }
        }

        void truncate()
        {
            while (bids.size() > depth) {
                bids.pollFirstEntry();
            }
            while (asks.size() > depth) {
                asks.pollLastEntry();
            }
        }

        List<String> top(TreeMap<BigDecimal, String> side, Comparator<BigDecimal> order)
        {
            return side.entrySet().stream().sorted(Map.Entry.comparingByKey(order)).map(Map.Entry::getValue).collect(Collectors.toList());
        }
    }
}
