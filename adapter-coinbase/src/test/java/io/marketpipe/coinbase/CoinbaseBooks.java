package io.marketpipe.coinbase;

import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rebuilds Coinbase books from a capture on its own, without the connector: the reference the
 * replayed books are compared with. Also derives test captures from a real Advanced Trade one.
 */
final class CoinbaseBooks
{
    private static final Pattern SEQUENCE = Pattern.compile("\"sequence_num\":(\\d+)");

    private CoinbaseBooks() {}

    /**
     * One product's book: price to size, bids best (highest) first, asks best (lowest) first.
     */
    record Book(TreeMap<BigDecimal, BigDecimal> bids, TreeMap<BigDecimal, BigDecimal> asks)
    {
        Book()
        {
            this(new TreeMap<>(Comparator.reverseOrder()), new TreeMap<>());
        }

        void clear()
        {
            bids.clear();
            asks.clear();
        }

        void set(boolean bid, String price, String size)
        {
            TreeMap<BigDecimal, BigDecimal> side = bid ? bids : asks;
            BigDecimal quantity = new BigDecimal(size);
            if (quantity.signum() == 0) {
                side.remove(new BigDecimal(price));
            }
            else {
                side.put(new BigDecimal(price), quantity);
            }
        }

        boolean crossed()
        {
            return !bids.isEmpty() && !asks.isEmpty() && bids.firstKey().compareTo(asks.firstKey()) >= 0;
        }
    }

    /**
     * @return every product's book after the last frame, by product id, from either feed
     */
    static Map<String, Book> rebuild(Path capture)
            throws IOException, DecodeException
    {
        Map<String, Book> books = new TreeMap<>();
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.RECV) {
                    apply(books, JsonObject.parseObject(line.data()));
                }
            }
        }
        return books;
    }

    static void apply(Map<String, Book> books, JsonObject frame)
            throws DecodeException
    {
        if ("l2_data".equals(frame.get("channel"))) {
            for (Object element : frame.array("events")) {
                JsonObject event = (JsonObject) element;
                Book book = books.computeIfAbsent(event.string("product_id"), key -> new Book());
                if (event.string("type").equals("snapshot")) {
                    book.clear();
                }
                for (Object change : event.array("updates")) {
                    JsonObject update = (JsonObject) change;
                    book.set(update.string("side").equals("bid"), update.string("price_level"), update.string("new_quantity"));
                }
            }
        }
        else if ("snapshot".equals(frame.get("type"))) {
            Book book = books.computeIfAbsent(frame.string("product_id"), key -> new Book());
            book.clear();
            for (Object level : frame.array("bids")) {
                book.set(true, (String) ((List<?>) level).get(0), (String) ((List<?>) level).get(1));
            }
            for (Object level : frame.array("asks")) {
                book.set(false, (String) ((List<?>) level).get(0), (String) ((List<?>) level).get(1));
            }
        }
        else if ("l2update".equals(frame.get("type"))) {
            Book book = books.computeIfAbsent(frame.string("product_id"), key -> new Book());
            for (Object element : frame.array("changes")) {
                List<?> change = (List<?>) element;
                book.set(change.get(0).equals("buy"), (String) change.get(1), (String) change.get(2));
            }
        }
    }

    /**
     * Copies an Advanced Trade capture without its {@code removed}-th {@code l2_data} update frame
     * (from 0; -1 removes none) and with a fresh {@code l2_data} snapshot of every product right
     * after update frame {@code snapshotAfter}, as Coinbase sends after a resubscription: the books
     * rebuilt from every recorded frame, the removed one included. The snapshots take the next
     * {@code sequence_num} values and every later frame is renumbered to follow them.
     */
    static void withFreshSnapshots(Path original, Path modified, int removed, int snapshotAfter)
            throws IOException, DecodeException
    {
        Map<String, Book> books = new TreeMap<>();
        try (CaptureReader reader = CaptureReader.open(original);
                CaptureWriter writer = CaptureWriter.create(modified, reader.header())) {
            int update = 0;
            long shift = 0;
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() != CaptureLine.Kind.RECV) {
                    writer.write(line);
                    continue;
                }
                JsonObject frame = JsonObject.parseObject(line.data());
                apply(books, frame);
                boolean isUpdate = "l2_data".equals(frame.get("channel")) && line.data().contains("\"type\":\"update\"");
                int index = isUpdate ? update++ : -1;
                if (!isUpdate || index != removed) {
                    writer.write(CaptureLine.recv(line.ts(), line.conn(), renumber(line.data(), shift)));
                }
                if (index == snapshotAfter) {
                    long sequence = frame.longValue("sequence_num") + shift;
                    for (Map.Entry<String, Book> book : books.entrySet()) {
                        sequence++;
                        shift++;
                        writer.write(CaptureLine.recv(line.ts(), line.conn(), snapshotFrame(book.getKey(), book.getValue(), sequence, frame.string("timestamp"))));
                    }
                }
            }
        }
    }

    private static String renumber(String data, long shift)
    {
        if (shift == 0) {
            return data;
        }
        Matcher matcher = SEQUENCE.matcher(data);
        return matcher.find() ? matcher.replaceFirst("\"sequence_num\":" + (Long.parseLong(matcher.group(1)) + shift)) : data;
    }

    private static String snapshotFrame(String productId, Book book, long sequence, String timestamp)
    {
        List<String> updates = new ArrayList<>();
        book.bids().forEach((price, size) -> updates.add(level("bid", price, size, timestamp)));
        book.asks().forEach((price, size) -> updates.add(level("offer", price, size, timestamp)));
        return "{\"channel\":\"l2_data\",\"timestamp\":\"" + timestamp + "\",\"sequence_num\":" + sequence
                + ",\"events\":[{\"type\":\"snapshot\",\"product_id\":\"" + productId + "\",\"updates\":[" + String.join(",", updates) + "]}]}";
    }

    private static String level(String side, BigDecimal price, BigDecimal size, String timestamp)
    {
        return "{\"side\":\"" + side + "\",\"event_time\":\"" + timestamp + "\",\"price_level\":\"" + price.toPlainString() + "\",\"new_quantity\":\"" + size.toPlainString() + "\"}";
    }
}
