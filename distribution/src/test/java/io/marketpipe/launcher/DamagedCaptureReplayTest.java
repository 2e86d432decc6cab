package io.marketpipe.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import static io.marketpipe.launcher.CommandResult.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Captures damaged the ways files get damaged (cut short, a recorder killed mid-line, one bad
 * line, absurd values), made from a real capture: replay plays everything the damage spares,
 * names the damage, and says in its summary and exit status what was lost.
 */
class DamagedCaptureReplayTest
{
    private static final String CAPTURE = "binance/spot-10symbols-20210405.jsonl.gz";

    @TempDir
    static Path temp;

    private static List<String> lines;
    private static Replayed intact;
    private static List<String> allTrades;

    @BeforeAll
    static void replayTheIntactCapture()
            throws IOException
    {
        Path capture = Captures.require(CAPTURE);
        try (InputStream in = new GZIPInputStream(Files.newInputStream(capture))) {
            lines = Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"));
        }
        intact = replay(capture);
        assertEquals(0, intact.result().code(), () -> intact.result().err());
        allTrades = intact.trades();
        assertFalse(allTrades.isEmpty());
    }

    @Test
    void aCaptureCutShortReplaysEverythingBeforeTheCutAndSaysSo()
            throws IOException
    {
        byte[] compressed = gzip(String.join("\n", lines) + "\n");
        Path cut = Files.write(temp.resolve("cut.jsonl.gz"), Arrays.copyOf(compressed, compressed.length / 2));

        Replayed replayed = replay(cut);

        assertEquals(3, replayed.result().code(), replayed.result().err());
        JsonNode summary = replayed.summary();
        assertTrue(summary.get("capture_truncated").asBoolean(), summary.toString());
        assertEquals(1, summary.get("capture_errors").asLong(), summary.toString());
        assertTrue(summary.get("capture_damage").get(0).asText().contains("ends abruptly"), summary.toString());
        assertTrue(summary.get("data_lost").asBoolean());
        assertFalse(replayed.trades().isEmpty(), "the half before the cut was replayed");
        assertTrue(replayed.trades().size() < allTrades.size());
        assertEquals(allTrades.subList(0, replayed.trades().size()), replayed.trades());
        assertEquals(completeTradeLines(cut), replayed.trades().size(), "every complete line before the cut was replayed");
    }

    /**
     * @return the trade frames among the complete lines that can be decompressed before the damage
     */
    private static long completeTradeLines(Path cut)
            throws IOException
    {
        java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(cut))) {
            byte[] buffer = new byte[1];
            while (in.read(buffer) > 0) {
                text.write(buffer[0]);
            }
        }
        catch (java.io.EOFException expected) {
            // the end of what the cut left
        }
        String decompressed = text.toString(StandardCharsets.UTF_8);
        String complete = decompressed.substring(0, decompressed.lastIndexOf('\n') + 1);
        return complete.lines().filter(line -> line.startsWith("{\"t\":\"recv\"") && line.contains("@aggTrade")).count();
    }

    @Test
    void aRecordingKilledMidLineReplaysUpToItsLastCompleteLine()
            throws IOException
    {
        int keep = lines.size() * 2 / 3;
        String text = String.join("\n", lines.subList(0, keep)) + "\n" + lines.get(keep).substring(0, lines.get(keep).length() / 2);
        Path killed = Files.writeString(temp.resolve("killed.jsonl"), text);

        Replayed replayed = replay(killed);

        assertEquals(3, replayed.result().code(), replayed.result().err());
        JsonNode summary = replayed.summary();
        assertEquals(1, summary.get("capture_errors").asLong(), summary.toString());
        assertTrue(summary.get("capture_damage").get(0).asText().contains(":" + (keep + 1) + ":"), summary.toString());
        long tradesKept = lines.subList(0, keep).stream().filter(line -> line.startsWith("{\"t\":\"recv\"") && line.contains("@aggTrade")).count();
        assertEquals(tradesKept, replayed.trades().size());
        assertEquals(allTrades.subList(0, replayed.trades().size()), replayed.trades());
    }

    @Test
    void aBadLineIsSkippedAndNamedAndEveryOtherLineReplays()
            throws IOException
    {
        int bad = tradeLineNear(lines.size() / 2);
        List<String> damaged = new ArrayList<>(lines);
        damaged.set(bad, damaged.get(bad).substring(0, 40));
        Path capture = writeGzip("bad-line.jsonl.gz", damaged);

        Replayed replayed = replay(capture);

        assertEquals(3, replayed.result().code(), replayed.result().err());
        JsonNode summary = replayed.summary();
        assertEquals(1, summary.get("capture_errors").asLong(), summary.toString());
        assertFalse(summary.get("capture_truncated").asBoolean(), summary.toString());
        assertTrue(summary.get("capture_damage").get(0).asText().contains("bad-line.jsonl.gz:" + (bad + 1) + ": not valid JSON"), summary.toString());
        assertTrue(replayed.result().err().contains("error: data was lost"), replayed.result().err());
        assertEquals(allTrades.size() - 1, replayed.trades().size());
        assertTrue(allTrades.containsAll(replayed.trades()));
    }

    @Test
    void undecodableAndRejectedFramesAreCountedInTheSummary()
            throws IOException
    {
        List<String> damaged = new ArrayList<>(lines);
        List<String> undecodable = List.of("abc", "1e999999999", "1e10000000");
        for (int i = 0; i < undecodable.size(); i++) {
            int line = tradeLineNear(lines.size() * (i + 1) / 5);
            damaged.set(line, withPrice(damaged.get(line), undecodable.get(i)));
        }
        int rejected = tradeLineNear(lines.size() * 4 / 5);
        damaged.set(rejected, withPrice(damaged.get(rejected), "-1"));
        Path capture = writeGzip("bad-values.jsonl.gz", damaged);

        Replayed replayed = replay(capture);

        assertEquals(0, replayed.result().code(), "bad values are the venue's, not lost by the pipeline: " + replayed.result().err());
        JsonNode summary = replayed.summary();
        assertEquals(undecodable.size(), summary.get("decode_errors").asLong(), summary.toString());
        assertEquals(1, summary.get("rejected").asLong(), summary.toString());
        assertEquals(0, summary.get("capture_errors").asLong(), summary.toString());
        assertEquals(allTrades.size() - undecodable.size() - 1, replayed.trades().size());
    }

    /**
     * @return the capture line with the price of its trade frame replaced
     */
    private static String withPrice(String line, String price)
    {
        String replaced = line.replaceFirst("\\\\\"p\\\\\":\\\\\"[0-9.]+\\\\\"", "\\\\\"p\\\\\":\\\\\"" + price + "\\\\\"");
        assertFalse(replaced.equals(line), line);
        return replaced;
    }

    @Test
    void framesReceivedTwiceAreEmittedOnce()
            throws IOException
    {
        List<String> doubled = new ArrayList<>();
        int repeated = 0;
        for (String line : lines) {
            doubled.add(line);
            if (line.startsWith("{\"t\":\"recv\"") && line.contains("@bookTicker") && doubled.size() % 50 == 0) {
                doubled.add(line);
                repeated++;
            }
        }
        assertTrue(repeated > 10, "repeated " + repeated);
        Path capture = writeGzip("doubled.jsonl.gz", doubled);

        Replayed replayed = replay(capture);

        assertEquals(0, replayed.result().code(), replayed.result().err());
        assertEquals(intact.ofType("quote"), replayed.ofType("quote"));
        assertEquals(intact.summary().get("rejected").asLong() + repeated, replayed.summary().get("rejected").asLong());
    }

    private static int tradeLineNear(int index)
    {
        for (int i = index; i < lines.size(); i++) {
            if (lines.get(i).contains("@aggTrade")) {
                return i;
            }
        }
        throw new AssertionError("no trade frame after line " + index);
    }

    private static Path writeGzip(String name, List<String> content)
            throws IOException
    {
        return Files.write(temp.resolve(name), gzip(String.join("\n", content) + "\n"));
    }

    private static byte[] gzip(String text)
            throws IOException
    {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static Replayed replay(Path capture)
            throws IOException
    {
        Path out = temp.resolve(capture.getFileName() + ".events.jsonl");
        CommandResult result = run("replay", capture.toString(), "--emit", "jsonl", "--out", out.toString());
        List<String> events = Files.exists(out) ? Files.readAllLines(out) : List.of();
        return new Replayed(result, events);
    }

    private record Replayed(CommandResult result, List<String> events)
    {
        List<String> trades()
        {
            return ofType("trade");
        }

        List<String> ofType(String type)
        {
            return events.stream().filter(line -> line.startsWith("{\"type\":\"" + type + "\"")).toList();
        }

        JsonNode summary()
                throws IOException
        {
            return ReplayLossesTest.summary(result);
        }
    }
}
