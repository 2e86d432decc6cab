package io.marketpipe.testkit.example;

import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Writes captures of the example venue ({@link ExampleVenueConnector}): per symbol, a chain of
 * book updates that never crosses, trades in between, and two REST snapshots, one early and one
 * late in the chain, so that a book re-synchronised after a gap or a reconnect can bridge again.
 */
final class ExampleVenueCaptures
{
    static final int UPDATES_PER_SYMBOL = 400;
    static final long EARLY_SNAPSHOT_SEQ = 10;
    static final long LATE_SNAPSHOT_SEQ = 300;

    private static final long START_NANOS = 1_700_000_000_000_000_000L;
    private static final long FRAME_INTERVAL_NANOS = 1_000_000;

    private ExampleVenueCaptures() {}

    /**
     * Writes {@code example-<market>.jsonl.gz} into the directory.
     *
     * @param symbols native symbols, e.g. {@code ABCUSD}
     */
    static Path write(Path directory, String market, List<String> symbols)
            throws IOException
    {
        Path file = directory.resolve("example-" + market + ".jsonl.gz");
        Random random = new Random(market.hashCode());
        List<Book> books = new ArrayList<>();
        for (String symbol : symbols) {
            books.add(new Book(symbol));
        }
        long tradeId = 1000;
        long ts = START_NANOS;
        CaptureHeader header = new CaptureHeader(ExampleVenueConnector.VENUE, market, symbols, null, "pipeline-testkit ExampleVenueCaptures", "Apache-2.0", "synthetic");
        try (CaptureWriter writer = CaptureWriter.create(file, header)) {
            writer.write(CaptureLine.open(ts, 1, "wss://example.invalid/stream"));
            for (int update = 1; update <= UPDATES_PER_SYMBOL; update++) {
                for (Book book : books) {
                    ts += FRAME_INTERVAL_NANOS;
                    writer.write(CaptureLine.recv(ts, 1, book.update(random)));
                    if (book.seq == EARLY_SNAPSHOT_SEQ || book.seq == LATE_SNAPSHOT_SEQ) {
                        writer.write(CaptureLine.rest(ts, "GET", "https://example.invalid/api/v1/depth?symbol=" + book.symbol + "&limit=100", 200, book.snapshot()));
                    }
                    if (random.nextInt(3) == 0) {
                        ts += FRAME_INTERVAL_NANOS;
                        writer.write(CaptureLine.recv(ts, 1, book.trade(random, tradeId++, ts)));
                    }
                }
            }
        }
        return file;
    }

    /**
     * One symbol's book, bids from 99.00 to 99.99 and asks from 100.00 to 100.99, so it never crosses.
     */
    private static final class Book
    {
        private final String symbol;
        private final Map<String, String> bids = new TreeMap<>(Comparator.reverseOrder());
        private final Map<String, String> asks = new TreeMap<>();
        private long seq;

        Book(String symbol)
        {
            this.symbol = symbol;
        }

        String update(Random random)
        {
            boolean bid = random.nextBoolean();
            String price = (bid ? "99." : "100.") + String.format("%02d", random.nextInt(100));
            String size = random.nextInt(4) == 0 ? "0.000" : String.format("%d.%03d", random.nextInt(5), 1 + random.nextInt(999));
            Map<String, String> side = bid ? bids : asks;
            if (size.equals("0.000")) {
                side.remove(price);
            }
            else {
                side.put(price, size);
            }
            long previous = seq++;
            String level = "[[\"" + price + "\",\"" + size + "\"]]";
            return "{\"e\":\"depth\",\"s\":\"" + symbol + "\",\"pu\":" + previous + ",\"u\":" + seq
                    + ",\"b\":" + (bid ? level : "[]") + ",\"a\":" + (bid ? "[]" : level) + "}";
        }

        String trade(Random random, long id, long ts)
        {
            boolean buy = random.nextBoolean();
            String price = (buy ? "100." : "99.") + String.format("%02d", random.nextInt(100));
            String size = String.format("0.%03d", 1 + random.nextInt(999));
            return "{\"e\":\"trade\",\"s\":\"" + symbol + "\",\"id\":" + id + ",\"p\":\"" + price + "\",\"q\":\"" + size
                    + "\",\"side\":\"" + (buy ? "buy" : "sell") + "\",\"T\":" + ts / 1_000_000 + "}";
        }

        String snapshot()
        {
            return "{\"seq\":" + seq + ",\"b\":" + levels(bids) + ",\"a\":" + levels(asks) + "}";
        }

        private static String levels(Map<String, String> side)
        {
            List<String> levels = new ArrayList<>();
            side.forEach((price, size) -> levels.add("[\"" + price + "\",\"" + size + "\"]"));
            return "[" + String.join(",", levels) + "]";
        }
    }
}
