package io.marketpipe.core.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import static java.util.Objects.requireNonNull;

/**
 * Reads a {@code marketpipe-capture/1} file line by line: gzip-compressed when the name ends in
 * {@code .gz}, plain JSON lines otherwise. Unknown header keys and unknown line kinds are
 * skipped, as the format requires of readers.
 *
 * <p>A damaged file can be read up to its damage: a line that is not valid throws a
 * {@link CaptureFormatException} and the next call goes on with the line after it, while a file
 * that ends abruptly (a recording killed before it closed the file, a copy cut short, corrupt
 * compressed data) throws a {@link CaptureTruncatedException}, after which nothing more can be read.
 */
public final class CaptureReader
        implements Closeable
{
    private static final JsonFactory JSON = new JsonFactory();
    private static final String FRAME_PREFIX = "{\"t\":\"recv\",\"ts\":";
    private static final String FRAME_CONN = ",\"conn\":";
    private static final String FRAME_DATA = ",\"data\":\"";
    private static final byte[] KIND_PREFIX = "{\"t\":\"".getBytes(StandardCharsets.US_ASCII);
    // the kinds other than rest, each with the quote that ends it
    private static final byte[][] OTHER_KINDS = {
            "recv\"".getBytes(StandardCharsets.US_ASCII),
            "send\"".getBytes(StandardCharsets.US_ASCII),
            "open\"".getBytes(StandardCharsets.US_ASCII),
            "close\"".getBytes(StandardCharsets.US_ASCII)};
    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;
    private static final long LINE_FEEDS = ONES * '\n';
    private static final long CARRIAGE_RETURNS = ONES * '\r';

    private final String name;
    private final EndOfReadableData input;
    private final BufferedReader reader;
    // a line read ahead to tell a cut last line from a bad line
    private String readAhead;
    private final CaptureHeader header;
    private long lineNumber = 1;
    private boolean truncated;
    private boolean restBodies = true;
    // the line of a frame being read, its text unescaped in place
    private char[] chars = new char[1 << 12];

    private CaptureReader(String name, InputStream input)
            throws IOException
    {
        this.name = requireNonNull(name, "name is null");
        this.input = new EndOfReadableData(input);
        this.reader = new BufferedReader(new InputStreamReader(this.input, StandardCharsets.UTF_8), 1 << 16);
        String first;
        try {
            first = reader.readLine();
        }
        catch (ZipException | EOFException e) {
            throw new CaptureFormatException(name + ":1: cannot read the header: " + e.getMessage(), e);
        }
        if (first == null && this.input.damage() != null) {
            throw new CaptureFormatException(name + ":1: the file ends before its header (" + describe(this.input.damage()) + ")");
        }
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
                try {
                    input = new GZIPInputStream(input, 1 << 16);
                }
                catch (ZipException | EOFException e) {
                    throw new CaptureFormatException(path + (e instanceof EOFException && Files.size(path) == 0
                            ? ": empty file, expected a marketpipe-capture/1 header"
                            : ": not a gzip-compressed capture (" + describe(e) + ")"), e);
                }
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

    /**
     * Hands each {@code rest} line of a capture whose header is valid to {@code rest} as it is
     * read, in file order, holding none of them. No other line is decoded: a line can only be a
     * {@code rest} line when its bytes hold {@code "rest"} or a {@code \\u} escape, and only such
     * lines are parsed. Lines that are not valid are skipped, and reading ends where the file is
     * damaged; a replay reports both.
     *
     * @return the {@code ts} of the first line that has one, 0 when none has
     * @throws CaptureFormatException when the file does not start with a valid header
     */
    public static long readRestLines(Path path, Consumer<CaptureLine> rest)
            throws IOException
    {
        requireNonNull(rest, "rest is null");
        long firstNanos = 0;
        try (CaptureReader reader = open(path);
                InputStream bytes = new EndOfReadableData(path.getFileName().toString().endsWith(".gz")
                        ? new GZIPInputStream(Files.newInputStream(path), 1 << 16)
                        : Files.newInputStream(path))) {
            LineScanner lines = new LineScanner(bytes);
            // the header, read by open
            lines.next();
            while (lines.next()) {
                reader.lineNumber++;
                if (firstNanos != 0 && !mayBeRest(lines.bytes(), lines.offset(), lines.length())) {
                    continue;
                }
                CaptureLine parsed;
                try {
                    parsed = reader.parseLine(new String(lines.bytes(), lines.offset(), lines.length(), StandardCharsets.UTF_8));
                }
                catch (CaptureFormatException e) {
                    continue;
                }
                if (parsed == null) {
                    continue;
                }
                if (firstNanos == 0 && parsed.ts() > 0) {
                    firstNanos = parsed.ts();
                }
                if (parsed.kind() == CaptureLine.Kind.REST) {
                    rest.accept(parsed);
                }
            }
        }
        return firstNanos;
    }

    /**
     * @return false only for a line that cannot be a REST response: one that opens with the
     *         field {@code t} naming another kind (the order every writer of the format keeps), or
     *         one in which neither {@code "rest"} nor a {@code \\u} escape (which could spell it) appears
     */
    private static boolean mayBeRest(byte[] line, int offset, int length)
    {
        int kind = offset + KIND_PREFIX.length;
        if (length > KIND_PREFIX.length + 6 && Arrays.equals(line, offset, kind, KIND_PREFIX, 0, KIND_PREFIX.length)) {
            for (byte[] other : OTHER_KINDS) {
                if (Arrays.equals(line, kind, kind + other.length, other, 0, other.length)) {
                    return false;
                }
            }
        }
        int end = offset + length - 5;
        for (int i = offset; i < end; i++) {
            byte b = line[i];
            if (b == '\\' && line[i + 1] == 'u') {
                return true;
            }
            if (b == '"' && line[i + 1] == 'r' && line[i + 2] == 'e' && line[i + 3] == 's' && line[i + 4] == 't' && line[i + 5] == '"') {
                return true;
            }
        }
        return false;
    }

    /**
     * Reads {@code rest} lines without their bodies from here on ({@link CaptureLine#data()} is
     * empty), for a reader that needs only their time because the bodies are indexed apart (a
     * replay): a recording of large responses then costs no memory or decoding for them. A body
     * written before the line's {@code t} field is still read.
     *
     * @return this reader
     */
    public CaptureReader withoutRestBodies()
    {
        restBodies = false;
        return this;
    }

    public CaptureHeader header()
    {
        return header;
    }

    /**
     * @return the number of the line read last (the header is line 1)
     */
    public long lineNumber()
    {
        return lineNumber;
    }

    /**
     * @return the next line, or null at the end of the file
     * @throws CaptureFormatException naming the file and line number when a line is not valid
     */
    public CaptureLine next()
            throws IOException
    {
        while (true) {
            if (truncated) {
                return null;
            }
            String text = readText();
            if (text == null) {
                if (input.damage() != null) {
                    truncated = true;
                    throw new CaptureTruncatedException(name + ":" + (lineNumber + 1) + ": the file ends abruptly after line " + lineNumber
                            + " (" + describe(input.damage()) + ")", input.damage());
                }
                return null;
            }
            lineNumber++;
            if (text.isBlank()) {
                continue;
            }
            CaptureLine line;
            try {
                line = parseLine(text);
            }
            catch (CaptureFormatException e) {
                if (input.damage() != null) {
                    readAhead = readText();
                    if (readAhead == null) {
                        truncated = true;
                        throw new CaptureTruncatedException(name + ":" + lineNumber + ": the file ends abruptly in line " + lineNumber
                                + " (" + describe(input.damage()) + ")", input.damage());
                    }
                }
                throw e;
            }
            if (line != null) {
                return line;
            }
        }
    }

    private String readText()
            throws IOException
    {
        if (readAhead != null) {
            String text = readAhead;
            readAhead = null;
            return text;
        }
        try {
            return reader.readLine();
        }
        catch (IOException e) {
            truncated = true;
            throw new CaptureTruncatedException(name + ":" + (lineNumber + 1) + ": the file cannot be read after line " + lineNumber
                    + " (" + describe(e) + ")", e);
        }
    }

    private static String describe(IOException e)
    {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
            throw new CaptureFormatException(name + ":1: header is not valid JSON: " + jsonProblem(e), e);
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
        CaptureLine frame = parseCanonicalFrame(text);
        return frame != null ? frame : parseAnyLine(text);
    }

    /**
     * Reads a received frame written as every recorder of the format writes one,
     * {@code {"t":"recv","ts":N,"conn":N,"data":"..."}} with no escape but the short ones in its
     * text: nearly every line of a capture, read here without a JSON parser.
     *
     * @return the frame, or null for any other line (another kind, another order or spelling,
     *         a {@code \\u} escape, anything not valid), which the JSON parser then reads or rejects
     */
    private CaptureLine parseCanonicalFrame(String line)
    {
        if (!line.startsWith(FRAME_PREFIX)) {
            return null;
        }
        int length = line.length();
        int index = FRAME_PREFIX.length();
        int digits = digits(line, index);
        // nanoseconds since 1970 have 19 digits until 2286
        if (digits == 0 || digits > 19 || (digits > 1 && line.charAt(index) == '0')) {
            return null;
        }
        long ts;
        try {
            ts = Long.parseLong(line, index, index + digits, 10);
        }
        catch (NumberFormatException beyondLong) {
            return null;
        }
        index += digits;
        if (!line.startsWith(FRAME_CONN, index)) {
            return null;
        }
        index += FRAME_CONN.length();
        digits = digits(line, index);
        if (digits == 0 || digits > 9 || (digits > 1 && line.charAt(index) == '0')) {
            return null;
        }
        int conn = Integer.parseInt(line, index, index + digits, 10);
        index += digits;
        if (!line.startsWith(FRAME_DATA, index)) {
            return null;
        }
        index += FRAME_DATA.length();
        if (chars.length < length) {
            chars = new char[Math.max(length, chars.length * 2)];
        }
        char[] text = chars;
        line.getChars(index, length, text, index);
        // unescaped in place: the text never gets longer
        int start = index;
        int end = start;
        while (true) {
            if (index >= length) {
                return null;
            }
            char c = text[index++];
            if (c == '"') {
                break;
            }
            if (c < 0x20) {
                return null;
            }
            if (c == '\\') {
                if (index >= length) {
                    return null;
                }
                c = switch (text[index++]) {
                    case '"' -> '"';
                    case '\\' -> '\\';
                    case '/' -> '/';
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> 0;
                };
                if (c == 0) {
                    return null;
                }
            }
            text[end++] = c;
        }
        if (index != length - 1 || text[index] != '}') {
            return null;
        }
        return new CaptureLine(CaptureLine.Kind.RECV, ts, conn, null, null, 0, new String(text, start, end - start), 0, null);
    }

    private static int digits(String text, int from)
    {
        int index = from;
        while (index < text.length() && text.charAt(index) >= '0' && text.charAt(index) <= '9') {
            index++;
        }
        return index - from;
    }

    private CaptureLine parseAnyLine(String text)
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
                    case "t":
                        if (t != null) {
                            // which of the two would be meant is anybody's guess
                            throw new CaptureFormatException(name + ":" + lineNumber + ": line has two \"t\" fields");
                        }
                        t = parser.getText();
                        kind = CaptureLine.Kind.fromWireName(t);
                        break;
                    case "ts": ts = parser.getLongValue(); break;
                    case "conn": conn = parser.getIntValue(); break;
                    case "url": url = parser.getValueAsString(); break;
                    case "method": method = parser.getValueAsString(); break;
                    case "status": status = parser.getIntValue(); break;
                    case "data":
                        if (kind == CaptureLine.Kind.REST && !restBodies && parser.currentToken() == JsonToken.VALUE_STRING) {
                            // left unread: the parser skips over it
                            data = "";
                        }
                        else {
                            data = parser.getValueAsString();
                        }
                        break;
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
            throw new CaptureFormatException(name + ":" + lineNumber + ": not valid JSON: " + jsonProblem(e), e);
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

    private static String jsonProblem(IOException e)
    {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        // the parser's own location (always line 1 of a one-line text) says nothing the line number does not
        int location = message == null ? -1 : message.indexOf(" (start marker at [Source");
        return location < 0 ? message : message.substring(0, location);
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

    /**
     * Splits a stream into lines of bytes at {@code \\n} and {@code \\r}, as {@link BufferedReader#readLine()}
     * does; empty lines are skipped. A line is handed out where it lies in the read buffer, and
     * copied only when it spans two reads.
     */
    private static final class LineScanner
    {
        private final InputStream input;
        private final byte[] chunk = new byte[1 << 16];
        private int position;
        private int limit;
        private byte[] spanning = new byte[1 << 12];
        private byte[] bytes;
        private int offset;
        private int length;

        LineScanner(InputStream input)
        {
            this.input = input;
        }

        /**
         * @return whether there is a next line, then in {@link #bytes()} from {@link #offset()}, valid until the next call
         */
        boolean next()
                throws IOException
        {
            int spanned = 0;
            while (true) {
                if (position == limit) {
                    limit = input.read(chunk, 0, chunk.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        return spanned > 0 && found(spanning, 0, spanned);
                    }
                }
                int start = position;
                position = lineEnd(chunk, position, limit);
                if (position < limit) {
                    int end = position++;
                    if (spanned == 0 && end > start) {
                        return found(chunk, start, end - start);
                    }
                    if (spanned > 0) {
                        spanned = append(spanned, start, end - start);
                        return found(spanning, 0, spanned);
                    }
                }
                else {
                    spanned = append(spanned, start, position - start);
                }
            }
        }

        /**
         * @return the index of the first line feed or carriage return from {@code from}, or {@code limit}
         */
        private static int lineEnd(byte[] bytes, int from, int limit)
        {
            int i = from;
            // eight bytes at a time: a byte of (w - 0x01..) & ~w & 0x80.. is set where w has a zero byte,
            // exactly so for the lowest one, and w is zero where the word equals the byte looked for
            for (; i + Long.BYTES <= limit; i += Long.BYTES) {
                long word = (long) WORDS.get(bytes, i);
                long lineFeeds = word ^ LINE_FEEDS;
                long returns = word ^ CARRIAGE_RETURNS;
                long found = ((lineFeeds - ONES) & ~lineFeeds | (returns - ONES) & ~returns) & HIGHS;
                if (found != 0) {
                    return i + (Long.numberOfTrailingZeros(found) >>> 3);
                }
            }
            while (i < limit && bytes[i] != '\n' && bytes[i] != '\r') {
                i++;
            }
            return i;
        }

        private boolean found(byte[] bytes, int offset, int length)
        {
            this.bytes = bytes;
            this.offset = offset;
            this.length = length;
            return true;
        }

        private int append(int spanned, int from, int count)
        {
            if (spanned + count > spanning.length) {
                spanning = Arrays.copyOf(spanning, Math.max(spanning.length * 2, spanned + count));
            }
            System.arraycopy(chunk, from, spanning, spanned, count);
            return spanned + count;
        }

        byte[] bytes()
        {
            return bytes;
        }

        int offset()
        {
            return offset;
        }

        int length()
        {
            return length;
        }
    }

    /**
     * Ends the stream where compressed data stops early or is corrupt, instead of failing the read
     * that reaches it, so that the text decoded before it is not lost with the failed read.
     */
    private static final class EndOfReadableData
            extends FilterInputStream
    {
        private IOException damage;

        EndOfReadableData(InputStream in)
        {
            super(in);
        }

        IOException damage()
        {
            return damage;
        }

        @Override
        public int read()
                throws IOException
        {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length)
                throws IOException
        {
            if (damage != null) {
                return -1;
            }
            try {
                return super.read(buffer, offset, length);
            }
            catch (EOFException | ZipException e) {
                damage = e;
                return -1;
            }
        }

        @Override
        public int available()
                throws IOException
        {
            return damage != null ? 0 : super.available();
        }
    }
}
