package io.marketpipe.okx;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * One instrument's OKX book kept apart from the adapter, for tests: levels read from a generic
 * JSON tree, ordered by {@link BigDecimal} price, each kept as the price and size text OKX sent.
 */
final class IndependentBook
{
    final TreeMap<BigDecimal, String[]> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, String[]> asks = new TreeMap<>();
    long lastSeqId = -1;

    /**
     * Applies the levels of a snapshot or update entry ({@code bids}, {@code asks}); size 0 deletes.
     */
    void apply(JsonNode entry)
    {
        apply(bids, entry.get("bids"));
        apply(asks, entry.get("asks"));
        lastSeqId = entry.path("seqId").asLong(-1);
    }

    /**
     * @return the best {@code count} levels of a side as {@code price:size}
     */
    static List<String> top(TreeMap<BigDecimal, String[]> side, int count)
    {
        List<String> top = new ArrayList<>();
        Iterator<String[]> levels = side.values().iterator();
        while (top.size() < count && levels.hasNext()) {
            String[] level = levels.next();
            top.add(level[0] + ":" + level[1]);
        }
        return top;
    }

    /**
     * @return OKX's checksum of the book, computed here from the documented rule
     */
    int checksum()
    {
        List<String> bidTop = top(bids, 25);
        List<String> askTop = top(asks, 25);
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.max(bidTop.size(), askTop.size()); i++) {
            if (i < bidTop.size()) {
                parts.add(bidTop.get(i));
            }
            if (i < askTop.size()) {
                parts.add(askTop.get(i));
            }
        }
        CRC32 crc = new CRC32();
        crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /**
     * @return the book as an OKX {@code books} snapshot push of the given channel
     */
    String snapshotFrame(String channel, String instrumentId)
    {
        StringBuilder frame = new StringBuilder("{\"arg\":{\"channel\":\"").append(channel).append("\",\"instId\":\"").append(instrumentId)
                .append("\"},\"action\":\"snapshot\",\"data\":[{\"asks\":");
        levels(frame, asks);
        frame.append(",\"bids\":");
        levels(frame, bids);
        frame.append(",\"ts\":\"0\",\"checksum\":").append(checksum());
        if (lastSeqId != -1) {
            frame.append(",\"prevSeqId\":-1,\"seqId\":").append(lastSeqId);
        }
        return frame.append("}]}").toString();
    }

    private static void levels(StringBuilder frame, TreeMap<BigDecimal, String[]> side)
    {
        frame.append('[');
        boolean first = true;
        for (String[] level : side.values()) {
            frame.append(first ? "" : ",").append("[\"").append(level[0]).append("\",\"").append(level[1]).append("\",\"0\",\"1\"]");
            first = false;
        }
        frame.append(']');
    }

    private static void apply(TreeMap<BigDecimal, String[]> side, JsonNode levels)
    {
        for (JsonNode level : levels) {
            String price = level.get(0).asText();
            String size = level.get(1).asText();
            if (new BigDecimal(size).signum() == 0) {
                side.remove(new BigDecimal(price));
            }
            else {
                side.put(new BigDecimal(price), new String[] {price, size});
            }
        }
    }
}
