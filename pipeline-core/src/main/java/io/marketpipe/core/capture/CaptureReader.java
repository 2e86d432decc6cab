package io.marketpipe.core.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static java.util.Objects.requireNonNull;

/**
 * Reads a {@code marketpipe-capture/1} file line by line: gzip-compressed when the name ends in
 * {@code .gz}, plain JSON lines otherwise. Unknown header keys and unknown line kinds are
 * skipped, as the format requires of readers.
 */
public final class CaptureReader
        implements Closeable
{
    private static final JsonFactory JSON = new JsonFactory();

    private final String name;
    private final BufferedReader reader;
    private final CaptureHeader header;
    private long lineNumber = 1;

    private CaptureReader(String name, InputStream input)
            throws IOException
    {
        this.name = requireNonNull(name, "name is null");
        this.reader = new BufferedReader(new InputStreamReader(input, StandardCharsets.UTF_8), 1 << 16);
        String first = reader.readLine();
        if (first == null) {
            throw new CaptureFormatException(name + ": empty file, expected a marketpipe-capture/1 header");
        }
        this.header = parseHeader(first);
    }

    /**
     * Opens a capture file and reads its header.
     *
     * @throws CaptureFormatException when the file does not start with a valid header
     */
    public static CaptureReader open(Path path)
            throws IOException
    {
        InputStream input = Files.newInputStream(path);
        try {
            if (path.getFileName().toString().endsWith(".gz")) {
                input = new GZIPInputStream(input, 1 << 16);
            }
            return new CaptureReader(path.toString(), input);
        }
        catch (IOException | RuntimeException e) {
            input.close();
            throw e;
        }
    }

    /**
     * Reads a capture from a stream of uncompressed JSON lines.
     */
    public static CaptureReader of(String name, InputStream uncompressed)
            throws IOException
    {
        return new CaptureReader(name, uncompressed);
    }

    /**
     * Reads every line after the header of a capture file.
     */
    public static List<CaptureLine> readAll(Path path)
            throws IOException
    {
        try (CaptureReader reader = open(path)) {
            List<CaptureLine> lines = new ArrayList<>();
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                lines.add(line);
            }
            return lines;
        }
    }

    public CaptureHeader header()
    {
        return header;
    }

    /**
     * @return the next line, or null at the end of the file
     * @throws CaptureFormatException naming the file and line number when a line is not valid
     */
    public CaptureLine next()
            throws IOException
    {
        while (true) {
            String text = reader.readLine();
            if (text == null) {
                return null;
            }
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            CaptureLine line = parseLine(text);
            if (line != null) {
                return line;
            }
        }
    }

    private CaptureHeader parseHeader(String text)
            throws CaptureFormatException
    {
        String format = null;
        String kind = null;
        String exchange = null;
        String market = null;
        List<String> symbols = new ArrayList<>();
        String recorded = null;
        String source = null;
        String license = null;
        String notes = null;
        try (JsonParser parser = JSON.createParser(text)) {
            expect(parser.nextToken() == JsonToken.START_OBJECT, "header is not a JSON object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "t": kind = parser.getValueAsString(); break;
                    case "format": format = parser.getValueAsString(); break;
                    case "exchange": exchange = parser.getValueAsString(); break;
                    case "market": market = parser.getValueAsString(); break;
                    case "recorded": recorded = parser.getValueAsString(); break;
                    case "source": source = parser.getValueAsString(); break;
                    case "license": license = parser.getValueAsString(); break;
                    case "notes": notes = parser.getValueAsString(); break;
                    case "symbols":
                        expect(value == JsonToken.START_ARRAY, "header symbols is not an array");
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            symbols.add(parser.getValueAsString());
                        }
                        break;
                    default:
                        parser.skipChildren();
                }
            }
        }
        catch (IOException e) {
            throw new CaptureFormatException(name + ":1: header is not valid JSON: " + e.getMessage(), e);
        }
        expect("header".equals(kind), "line 1 is not a header (t=" + kind + ")");
        expect(CaptureHeader.FORMAT.equals(format), "unsupported format \"" + format + "\", expected " + CaptureHeader.FORMAT);
        expect(exchange != null, "header has no exchange");
        expect(market != null, "header has no market");
        return new CaptureHeader(exchange, market, symbols, recorded, source, license, notes);
    }

    private CaptureLine parseLine(String text)
            throws CaptureFormatException
    {
        CaptureLine.Kind kind = null;
        String t = null;
        long ts = 0;
        int conn = 0;
        String url = null;
        String method = null;
        int status = 0;
        String data = null;
        int code = 0;
        String reason = null;
        try (JsonParser parser = JSON.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new CaptureFormatException(name + ":" + lineNumber + ": not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "t": t = parser.getText(); kind = CaptureLine.Kind.fromWireName(t); break;
                    case "ts": ts = parser.getLongValue(); break;
                    case "conn": conn = parser.getIntValue(); break;
                    case "url": url = parser.getValueAsString(); break;
                    case "method": method = parser.getValueAsString(); break;
                    case "status": status = parser.getIntValue(); break;
                    case "data": data = parser.getValueAsString(); break;
                    case "code": code = parser.getIntValue(); break;
                    case "reason": reason = parser.getValueAsString(); break;
                    default:
                        parser.skipChildren();
                }
            }
        }
        catch (CaptureFormatException e) {
            throw e;
        }
        catch (IOException e) {
            throw new CaptureFormatException(name + ":" + lineNumber + ": not valid JSON: " + e.getMessage(), e);
        }
        if (t == null) {
            throw new CaptureFormatException(name + ":" + lineNumber + ": line has no \"t\" field");
        }
        if (kind == null) {
            return null;
        }
        if ((kind == CaptureLine.Kind.SEND || kind == CaptureLine.Kind.RECV || kind == CaptureLine.Kind.REST) && data == null) {
            throw new CaptureFormatException(name + ":" + lineNumber + ": " + t + " line has no \"data\"");
        }
        return new CaptureLine(kind, ts, conn, url, method, status, data, code, reason);
    }

    private void expect(boolean condition, String message)
            throws CaptureFormatException
    {
        if (!condition) {
            throw new CaptureFormatException(name + ":1: " + message);
        }
    }

    @Override
    public void close()
            throws IOException
    {
        reader.close();
    }
}
