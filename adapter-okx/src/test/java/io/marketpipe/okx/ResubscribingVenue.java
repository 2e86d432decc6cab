package io.marketpipe.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Answers a book's resubscription as OKX does, with a snapshot of the book as the venue's script
 * has left it: the venue is paused, the capture's book frames up to the point played so far
 * (withheld ones included: the venue's own state has them) are applied to an
 * {@link IndependentBook}, and its snapshot is sent before the script goes on. For captures
 * played to one connection.
 */
final class ResubscribingVenue
{
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(30);

    private final List<String> script;
    private final Set<String> unsubscribed = new HashSet<>();

    private ResubscribingVenue(List<String> script)
    {
        this.script = script;
    }

    /**
     * @return a fake venue playing the capture that answers resubscriptions of books with snapshots
     */
    static FakeVenue.Builder of(Path capture)
            throws IOException
    {
        List<String> script = CaptureReader.readAll(capture).stream()
                .filter(line -> line.kind() == CaptureLine.Kind.RECV)
                .map(CaptureLine::data)
                .collect(Collectors.toList());
        ResubscribingVenue responder = new ResubscribingVenue(script);
        return FakeVenue.fromCapture(capture).answerMessagesWithVenue(responder::answer);
    }

    private synchronized Optional<String> answer(FakeVenue venue, String message)
    {
        JsonNode request;
        try {
            request = JSON.readTree(message);
        }
        catch (IOException e) {
            return Optional.empty();
        }
        String op = request.path("op").asText();
        if (op.equals("unsubscribe")) {
            for (JsonNode arg : request.path("args")) {
                unsubscribed.add(arg.path("channel").asText() + ":" + arg.path("instId").asText());
            }
            return Optional.empty();
        }
        if (!op.equals("subscribe") || request.path("args").size() != 1) {
            return Optional.empty();
        }
        JsonNode arg = request.path("args").get(0);
        String channel = arg.path("channel").asText();
        String instrumentId = arg.path("instId").asText();
        if (!channel.startsWith("books") || !unsubscribed.remove(channel + ":" + instrumentId)) {
            return Optional.empty();
        }
        venue.pauseAfter(0);
        Await.until("the venue paused to take a snapshot", PAUSE_TIMEOUT, () -> venue.paused() || venue.finished(), venue::toString);
        try {
            return Optional.of(rebuild(channel, instrumentId, (int) Math.min(script.size(), venue.framesPlayed())).snapshotFrame(channel, instrumentId));
        }
        finally {
            venue.resume();
        }
    }

    private IndependentBook rebuild(String channel, String instrumentId, int played)
    {
        Map<String, IndependentBook> books = new HashMap<>();
        for (String frame : script.subList(0, played)) {
            try {
                JsonNode push = JSON.readTree(frame);
                JsonNode arg = push.path("arg");
                if (!arg.path("channel").asText().equals(channel) || !arg.path("instId").asText().equals(instrumentId)) {
                    continue;
                }
                for (JsonNode entry : push.path("data")) {
                    if (!push.path("action").asText().equals("update")) {
                        books.put(instrumentId, new IndependentBook());
                    }
                    books.computeIfAbsent(instrumentId, key -> new IndependentBook()).apply(entry);
                }
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return books.getOrDefault(instrumentId, new IndependentBook());
    }
}
