package io.marketpipe.binance;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.JsonObject;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Derives test captures from a real Binance capture: a depth snapshot taken later than the
 * recorded one, rebuilt from the recorded snapshot and diffs, gives a resync something to bridge from.
 */
final class SnapshotCaptures
{
    private SnapshotCaptures() {}

    /**
     * Copies a capture without its {@code removed}-th diff frame (counted from 0; -1 removes none) and with one more
     * recorded depth snapshot: the book as it stands after diff {@code snapshotAfter}, rebuilt
     * from the original snapshot and diffs, so that a resync has a snapshot to bridge from.
     *
     * @return the new snapshot's lastUpdateId
     */
    static long withExtraSnapshot(Path original, Path modified, int removed, int snapshotAfter)
            throws IOException, DecodeException
    {
        List<CaptureLine> lines = new ArrayList<>();
        CaptureLine snapshotLine = null;
        try (CaptureReader reader = CaptureReader.open(original)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
                if (line.kind() == CaptureLine.Kind.REST && snapshotLine == null) {
                    snapshotLine = line;
                }
            }
        }
        JsonObject snapshot = JsonObject.parseObject(snapshotLine.data());
        long lastUpdateId = snapshot.longValue("lastUpdateId");
        TreeMap<Decimal, PriceLevel> bids = new TreeMap<>(Comparator.reverseOrder());
        TreeMap<Decimal, PriceLevel> asks = new TreeMap<>();
        apply(bids, snapshot.levels("bids"));
        apply(asks, snapshot.levels("asks"));

        List<CaptureLine> kept = new ArrayList<>();
        int diff = 0;
        long bookId = -1;
        long snapshotTs = 0;
        for (CaptureLine line : lines) {
            if (line.kind() == CaptureLine.Kind.RECV && line.data().contains("\"depthUpdate\"")) {
                int index = diff++;
                JsonObject data = JsonObject.parseObject(line.data()).object("data");
                if (index <= snapshotAfter && data.longValue("u") > lastUpdateId) {
                    apply(bids, data.levels("b"));
                    apply(asks, data.levels("a"));
                    bookId = data.longValue("u");
                    snapshotTs = line.ts();
                }
                if (index == removed) {
                    continue;
                }
            }
            kept.add(line);
        }
        String body = "{\"lastUpdateId\":" + bookId + ",\"bids\":" + levels(bids) + ",\"asks\":" + levels(asks) + "}";
        kept.add(CaptureLine.rest(snapshotTs, "GET", snapshotLine.url(), 200, body));
        try (CaptureReader reader = CaptureReader.open(original);
                CaptureWriter writer = CaptureWriter.create(modified, reader.header())) {
            for (CaptureLine line : kept) {
                writer.write(line);
            }
        }
        return bookId;
    }

    private static void apply(TreeMap<Decimal, PriceLevel> side, List<PriceLevel> levels)
    {
        for (PriceLevel level : levels) {
            if (level.size().isZero()) {
                side.remove(level.price());
            }
            else {
                side.put(level.price(), level);
            }
        }
    }

    private static String levels(TreeMap<Decimal, PriceLevel> side)
    {
        return side.values().stream().map(level -> "[\"" + level.price() + "\",\"" + level.size() + "\"]").collect(Collectors.joining(",", "[", "]"));
    }
}
