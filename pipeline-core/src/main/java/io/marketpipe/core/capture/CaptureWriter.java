package io.marketpipe.core.capture;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static java.util.Objects.requireNonNull;

/**
 * Writes a {@code marketpipe-capture/1} file. Thread-safe: the recording transports of several
 * connections append to one writer. Frame and body text is written verbatim as a JSON string.
 */
public final class CaptureWriter
        implements Closeable, Flushable
{
    private static final JsonFactory JSON = new JsonFactory();

    private final Writer out;
    private boolean closed;

    private CaptureWriter(Writer out, CaptureHeader header)
            throws IOException
    {
        this.out = requireNonNull(out, "out is null");
        writeHeader(header);
    }

    /**
     * Creates the file (gzip-compressed when its name ends in {@code .gz}) and writes the header.
     */
    public static CaptureWriter create(Path path, CaptureHeader header)
            throws IOException
    {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        OutputStream stream = Files.newOutputStream(path);
        if (path.getFileName().toString().endsWith(".gz")) {
            stream = new GZIPOutputStream(stream, 1 << 16, true);
        }
        return new CaptureWriter(new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16), header);
    }

    /**
     * Writes uncompressed JSON lines to {@code out}.
     */
    public static CaptureWriter of(Writer out, CaptureHeader header)
            throws IOException
    {
        return new CaptureWriter(out, header);
    }

    private void writeHeader(CaptureHeader header)
            throws IOException
    {
        StringWriter line = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("t", "header");
            json.writeStringField("format", CaptureHeader.FORMAT);
            json.writeStringField("exchange", header.exchange());
            json.writeStringField("market", header.market());
            json.writeArrayFieldStart("symbols");
            for (String symbol : header.symbols()) {
                json.writeString(symbol);
            }
            json.writeEndArray();
            json.writeStringField("recorded", header.recorded());
            writeOptional(json, "source", header.source());
            writeOptional(json, "license", header.license());
            writeOptional(json, "notes", header.notes());
            json.writeEndObject();
        }
        writeLine(line.toString());
    }

    private static void writeOptional(JsonGenerator json, String field, String value)
            throws IOException
    {
        if (value != null) {
            json.writeStringField(field, value);
        }
    }

    public void write(CaptureLine line)
            throws IOException
    {
        StringWriter text = new StringWriter(line.data() == null ? 128 : line.data().length() + 96);
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("t", line.kind().wireName());
            json.writeNumberField("ts", line.ts());
            switch (line.kind()) {
                case OPEN:
                    json.writeNumberField("conn", line.conn());
                    json.writeStringField("url", line.url());
                    break;
                case SEND:
                case RECV:
                    json.writeNumberField("conn", line.conn());
                    json.writeStringField("data", line.data());
                    break;
                case REST:
                    json.writeStringField("method", line.method());
                    json.writeStringField("url", line.url());
                    json.writeNumberField("status", line.status());
                    json.writeStringField("data", line.data());
                    break;
                case CLOSE:
                    json.writeNumberField("conn", line.conn());
                    json.writeNumberField("code", line.code());
                    json.writeStringField("reason", line.reason() == null ? "" : line.reason());
                    break;
            }
            json.writeEndObject();
        }
        writeLine(text.toString());
    }

    private synchronized void writeLine(String line)
            throws IOException
    {
        if (closed) {
            throw new IOException("capture writer is closed");
        }
        out.write(line);
        out.write('\n');
    }

    /**
     * @return true once {@link #close()} was called
     */
    public synchronized boolean isClosed()
    {
        return closed;
    }

    @Override
    public synchronized void flush()
            throws IOException
    {
        if (!closed) {
            out.flush();
        }
    }

    @Override
    public synchronized void close()
            throws IOException
    {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
