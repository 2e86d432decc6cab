package io.marketpipe.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.runtime.PipelineRuntime;
import io.marketpipe.core.runtime.TransportProviders;
import io.marketpipe.core.transport.ReplayResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay did: frames played, events by type, book verification, and speed.
 *
 * @param frames WebSocket frames played to the connector
 * @param restAnswered REST requests answered from the capture
 * @param restUnmatched REST requests the capture had no response for
 * @param events events published, by type (including raw {@code book_snapshot}/{@code book_delta})
 * @param books books kept
 * @param booksVerified books verified at the end
 * @param gaps sequence gaps detected
 * @param resyncs books re-synchronised after a gap
 * @param checksumsVerified venue checksums that agreed with the rebuilt book
 * @param checksumMismatches checksum mismatches
 * @param crossed crossed books detected
 * @param elapsedMillis wall time of the replay, including draining consumers
 */
public record ReplaySummary(
        long frames,
        long restAnswered,
        long restUnmatched,
        Map<String, Long> events,
        long books,
        long booksVerified,
        long gaps,
        long resyncs,
        long checksumsVerified,
        long checksumMismatches,
        long crossed,
        long elapsedMillis)
{
    private static final JsonFactory JSON = new JsonFactory();

    public ReplaySummary
    {
        events = Map.copyOf(events);
    }

    static ReplaySummary run(PipelineRuntime runtime)
    {
        if (!(runtime.transports() instanceof TransportProviders.Replaying replaying)) {
            throw new IllegalStateException("the runtime is not replaying a capture");
        }
        long start = System.nanoTime();
        ReplayResult result;
        try {
            result = replaying.replay().run();
        }
        finally {
            runtime.close();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        BookStats books = runtime.bookStats();
        return new ReplaySummary(
                result.framesReplayed(),
                result.restAnswered(),
                result.restUnmatched(),
                new TreeMap<>(runtime.eventCounts()),
                books.books(),
                books.booksVerified(),
                books.gaps(),
                books.resyncs(),
                books.checksumsVerified(),
                books.checksumMismatches(),
                books.crossed(),
                elapsed);
    }

    /**
     * @return frames per second of wall time
     */
    public long framesPerSecond()
    {
        return elapsedMillis == 0 ? frames * 1000 : frames * 1000 / elapsedMillis;
    }

    /**
     * @return the summary as one line of JSON
     */
    public String toJson()
    {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("frames", frames);
            json.writeNumberField("rest_answered", restAnswered);
            json.writeNumberField("rest_unmatched", restUnmatched);
            json.writeObjectFieldStart("events");
            for (Map.Entry<String, Long> entry : new TreeMap<>(events).entrySet()) {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("books", books);
            json.writeNumberField("books_verified", booksVerified);
            json.writeNumberField("gaps", gaps);
            json.writeNumberField("resyncs", resyncs);
            json.writeNumberField("checksums_verified", checksumsVerified);
            json.writeNumberField("checksum_mismatches", checksumMismatches);
            json.writeNumberField("crossed", crossed);
            json.writeNumberField("elapsed_ms", elapsedMillis);
            json.writeNumberField("frames_per_second", framesPerSecond());
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
