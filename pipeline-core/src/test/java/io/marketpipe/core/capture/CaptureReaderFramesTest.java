package io.marketpipe.core.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.core.internal.candle.SharedCaptures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Received frames are read without a JSON parser when written the way recorders write them; what
 * is read must be what a JSON parser reads, and a line a parser rejects must still be rejected.
 */
class CaptureReaderFramesTest
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final String HEADER = "{\"t\":\"header\",\"format\":\"marketpipe-capture/1\",\"exchange\":\"binance\",\"market\":\"spot\",\"symbols\":[\"BTCUSDT\"]}";

    @TempDir
    Path directory;

    @Test
    void framesReadAsTheJsonParserReadsThem()
            throws IOException
    {
        List<String> lines = List.of(
                "{\"t\":\"recv\",\"ts\":1723161253000000001,\"conn\":1,\"data\":\"{\\\"e\\\":\\\"trade\\\",\\\"p\\\":\\\"61837.63\\\"}\"}",
                "{\"t\":\"recv\",\"ts\":0,\"conn\":0,\"data\":\"\"}",
                "{\"t\":\"recv\",\"ts\":5,\"conn\":12,\"data\":\"every short escape: \\\" \\\\ \\/ \\b \\f \\n \\r \\t end\"}",
                "{\"t\":\"recv\",\"ts\":5,\"conn\":2,\"data\":\"a unicode escape \\u00e9 and a pair \\ud83d\\ude00\"}",
                "{\"t\":\"recv\",\"ts\":5,\"conn\":2,\"data\":\"text beyond ASCII: é € 😀\"}",
                "{\"t\":\"recv\",\"ts\":5,\"conn\":2,\"data\":\"trailing space after the object\"} ",
                "{\"t\":\"recv\",\"conn\":3,\"ts\":6,\"data\":\"fields in another order\"}",
                "{\"t\":\"recv\",\"ts\":7,\"conn\":3,\"data\":\"a field after the data\",\"extra\":[1,2]}",
                "{\"t\": \"recv\", \"ts\": 8, \"conn\": 3, \"data\": \"spaced\"}",
                "{\"t\":\"recv\",\"ts\":99999999999999999,\"conn\":2147483647,\"data\":\"large numbers\"}",
                "{\"t\":\"recv\",\"ts\":1234567890123456789,\"conn\":4,\"data\":\"a 19-digit time\"}",
                "{\"t\":\"recv\",\"ts\":9223372036854775807,\"conn\":4,\"data\":\"the largest time\"}");
        Path file = capture(lines);

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals(CaptureLine.Kind.OPEN, reader.next().kind());
            for (String line : lines) {
                CaptureLine read = reader.next();
                Expected expected = parse(line);
                assertEquals(CaptureLine.Kind.RECV, read.kind(), line);
                assertEquals(expected.ts(), read.ts(), line);
                assertEquals(expected.conn(), read.conn(), line);
                assertEquals(expected.data(), read.data(), line);
            }
            assertEquals(null, reader.next());
        }
    }

    @Test
    void aFrameTheJsonParserRejectsIsStillRejected()
            throws IOException
    {
        List<String> bad = List.of(
                "{\"t\":\"recv\",\"ts\":01,\"conn\":1,\"data\":\"a leading zero\"}",
                "{\"t\":\"recv\",\"ts\":1,\"conn\":99999999999,\"data\":\"a connection number beyond int\"}",
                "{\"t\":\"recv\",\"ts\":1,\"conn\":1,\"data\":\"an escape that is none: \\x\"}",
                "{\"t\":\"recv\",\"ts\":1,\"conn\":1,\"data\":\"a raw tab\tin the text\"}",
                "{\"t\":\"recv\",\"ts\":1,\"conn\":1,\"data\":\"no closing brace\"",
                "{\"t\":\"recv\",\"ts\":1,\"conn\":1,\"data\":\"unterminated}");
        List<String> lines = new ArrayList<>();
        for (String line : bad) {
            lines.add(line);
            lines.add("{\"t\":\"recv\",\"ts\":2,\"conn\":1,\"data\":\"fine\"}");
        }
        Path file = capture(lines);

        try (CaptureReader reader = CaptureReader.open(file)) {
            assertEquals(CaptureLine.Kind.OPEN, reader.next().kind());
            for (String line : bad) {
                CaptureFormatException e = assertThrows(CaptureFormatException.class, reader::next, line);
                assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
                assertEquals("fine", reader.next().data(), "the line after a bad one is read");
            }
        }
    }

    @Test
    void everyRecordedFrameReadsAsTheJsonParserReadsIt()
            throws IOException
    {
        long frames = 0;
        for (String name : List.of("binance/spot-btcusdt-20240808.jsonl.gz", "okx/okex-l2tbt-conn1-20210722.jsonl.gz", "kraken/kraken-v1-20210417.jsonl.gz",
                "coinbase/advanced-trade-20260809.jsonl.gz", "binance/singles.jsonl.gz")) {
            Path file = SharedCaptures.require(name);
            try (CaptureReader reader = CaptureReader.open(file);
                    BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
                lines.readLine();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    CaptureLine read = reader.next();
                    if (read.kind() != CaptureLine.Kind.RECV) {
                        continue;
                    }
                    Expected expected = parse(line);
                    assertEquals(expected.ts(), read.ts(), name + ":" + reader.lineNumber());
                    assertEquals(expected.conn(), read.conn(), name + ":" + reader.lineNumber());
                    assertEquals(expected.data(), read.data(), name + ":" + reader.lineNumber());
                    frames++;
                }
                assertEquals(null, reader.next());
            }
        }
        assertTrue(frames > 100_000, "frames compared: " + frames);
    }

    private record Expected(long ts, int conn, String data) {}

    private static Expected parse(String line)
            throws IOException
    {
        long ts = 0;
        int conn = 0;
        String data = null;
        try (JsonParser parser = JSON.createParser(line)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "ts" -> ts = parser.getLongValue();
                    case "conn" -> conn = parser.getIntValue();
                    case "data" -> data = parser.getText();
                    default -> parser.skipChildren();
                }
            }
        }
        return new Expected(ts, conn, data);
    }

    @Test
    void aReaderWithoutRestBodiesReadsEveryOtherFieldAndStillRejectsABrokenBody()
            throws IOException
    {
        List<String> lines = List.of(
                "{\"t\":\"rest\",\"ts\":10,\"method\":\"GET\",\"url\":\"https://api.binance.com/api/v3/depth?symbol=BTCUSDT\",\"status\":200,\"data\":\"{\\\"lastUpdateId\\\":1}\"}",
                "{\"t\":\"recv\",\"ts\":11,\"conn\":1,\"data\":\"a frame\"}",
                "{\"ts\":12,\"method\":\"GET\",\"url\":\"https://api.binance.com/x\",\"status\":503,\"data\":\"body before its kind\",\"t\":\"rest\"}",
                "{\"t\":\"rest\",\"ts\":13,\"method\":\"GET\",\"url\":\"https://api.binance.com/y\",\"status\":200,\"data\":\"a bad escape \\q\"}",
                "{\"t\":\"rest\",\"ts\":14,\"method\":\"GET\",\"url\":\"https://api.binance.com/z\",\"status\":200}");
        Path file = capture(lines);

        try (CaptureReader reader = CaptureReader.open(file).withoutRestBodies()) {
            reader.next();
            assertEquals(CaptureLine.rest(10, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT", 200, ""), reader.next());
            assertEquals(CaptureLine.recv(11, 1, "a frame"), reader.next(), "frames keep their text");
            assertEquals(CaptureLine.rest(12, "GET", "https://api.binance.com/x", 503, "body before its kind"), reader.next(), "a body read before its kind is known is kept");
            assertThrows(CaptureFormatException.class, reader::next, "a body that is not valid JSON text is rejected unread");
            CaptureFormatException noBody = assertThrows(CaptureFormatException.class, reader::next);
            assertTrue(noBody.getMessage().contains("rest line has no \"data\""), noBody.getMessage());
        }
        try (CaptureReader reader = CaptureReader.open(file)) {
            reader.next();
            assertEquals("{\"lastUpdateId\":1}", reader.next().data(), "a reader reads bodies unless told otherwise");
        }
    }

    private Path capture(List<String> lines)
            throws IOException
    {
        List<String> all = new ArrayList<>();
        all.add(HEADER);
        all.add("{\"t\":\"open\",\"ts\":1,\"conn\":1,\"url\":\"wss://stream.binance.com/ws\"}");
        all.addAll(lines);
        return Files.write(directory.resolve("frames.jsonl"), all, StandardCharsets.UTF_8);
    }
}
