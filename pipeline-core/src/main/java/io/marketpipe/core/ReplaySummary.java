package io.marketpipe.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.internal.runtime.PipelineRuntime;
import io.marketpipe.core.internal.transport.ReplayResult;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * What a replay did: frames played, events by type, book verification, speed, and everything
 * that went wrong on the way: damaged capture lines, frames the connector could not decode,
 * events validation rejected, and events that did not reach a listener or a store.
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
 * @param captureErrors lines of the capture that could not be read (see {@link ReplayResult#damagedLines()})
 * @param captureTruncated true when the capture ended abruptly, so its end was not replayed
 * @param captureDamage what was wrong with the capture, naming the file and line (the first few)
 * @param decodeErrors frames the connector could not decode or failed on
 * @param rejected events validation rejected (replaced by a {@code rejected} status)
 * @param listenerErrors events a listener failed on or never received
 * @param storeLost events a store did not keep: given up after failed writes, dropped or left
 *        in a buffer at a forced stop
 * @param lateEvents events published while the pipeline shut down, after the consumers had
 *        closed (housekeeping such as a status about a request that was still out), not delivered
 * @param stopped true when the replay was stopped before the end of the capture
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
        long elapsedMillis,
        long captureErrors,
        boolean captureTruncated,
        List<String> captureDamage,
        long decodeErrors,
        long rejected,
        long listenerErrors,
        long storeLost,
        long lateEvents,
        boolean stopped)
{
    private static final JsonFactory JSON = new JsonFactory();
    // what a consumer stage counts for events its consumer never took
    private static final List<String> LOSSES = List.of(".failed", ".dropped", ".lost");

    public ReplaySummary
    {
        events = Map.copyOf(events);
        captureDamage = List.copyOf(captureDamage);
    }

    /**
     * @return true when something of the capture did not reach every listener and store: a
     *         damaged capture line, an event a listener or store lost
     */
    public boolean dataLost()
    {
        return captureErrors > 0 || listenerErrors > 0 || storeLost > 0;
    }

    static ReplaySummary run(PipelineRuntime runtime)
    {
        long start = System.nanoTime();
        ReplayResult result;
        try {
            result = runtime.mode().play();
        }
        finally {
            runtime.close();
        }
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        BookStats books = runtime.bookStats();
        MetricRegistry registry = runtime.metrics();
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
                elapsed,
                result.damagedLines(),
                result.truncated(),
                result.damage(),
                sum(registry, name -> name.startsWith("connector.") && (name.endsWith(".frames.invalid") || name.endsWith(".frames.failed") || name.endsWith(".decode-errors")))
                        + result.listenerErrors(),
                sum(registry, name -> name.startsWith("connector.") && name.contains(".validation.rejected.")),
                stageLosses(registry, "bus.stage.listener-"),
                sum(registry, name -> name.startsWith("store.") && name.endsWith(".lost")) + stageLosses(registry, "bus.stage.store-"),
                sum(registry, name -> name.startsWith("bus.stage.") && name.endsWith(".late")),
                result.stopped());
    }

    /**
     * @return events consumer stages whose names start so did not deliver, but for those
     *         published after the stage closed (housekeeping during the shutdown, counted apart)
     */
    private static long stageLosses(MetricRegistry registry, String prefix)
    {
        return sum(registry, name -> name.startsWith(prefix) && LOSSES.stream().anyMatch(name::endsWith))
                - sum(registry, name -> name.startsWith(prefix) && name.endsWith(".late"));
    }

    private static long sum(MetricRegistry registry, Predicate<String> names)
    {
        long total = 0;
        for (Map.Entry<String, Counter> entry : registry.getCounters().entrySet()) {
            if (names.test(entry.getKey())) {
                total += entry.getValue().getCount();
            }
        }
        return total;
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
            json.writeNumberField("capture_errors", captureErrors);
            json.writeBooleanField("capture_truncated", captureTruncated);
            json.writeNumberField("decode_errors", decodeErrors);
            json.writeNumberField("rejected", rejected);
            json.writeNumberField("listener_errors", listenerErrors);
            json.writeNumberField("store_lost", storeLost);
            json.writeNumberField("late_events", lateEvents);
            json.writeBooleanField("stopped", stopped);
            json.writeBooleanField("data_lost", dataLost());
            if (!captureDamage.isEmpty()) {
                json.writeArrayFieldStart("capture_damage");
                for (String damage : captureDamage) {
                    json.writeString(damage);
                }
                json.writeEndArray();
            }
            json.writeEndObject();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
