package io.marketpipe.testkit.venue;

import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FakeVenueTest
{
    private static final LoopbackClient CLIENT = new LoopbackClient(Duration.ofSeconds(10));

    @AfterAll
    static void shutDownClient()
    {
        CLIENT.close();
    }

    @Test
    void playsItsFramesToAWebSocketClientAndRecordsWhatTheClientSends()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames("one", "two", "three").start()) {
            RecordingClient client = CLIENT.connect(venue.wsUrl() + "/stream?streams=abcusd@trade", "{\"op\":\"subscribe\"}");

            assertEquals(List.of("one", "two", "three"), client.awaitTexts(3));
            Await.until("the venue received the subscription", () -> !venue.receivedMessages().isEmpty());
            assertEquals(List.of("{\"op\":\"subscribe\"}"), venue.receivedMessages());
            Await.until("the venue played its script", venue::finished);
            VenueConnection connection = venue.connections().get(0);
            assertEquals("/stream?streams=abcusd@trade", connection.target());
            assertEquals(3, connection.framesSent());
            assertTrue(connection.open(), "the connection stays open after the last frame");
            assertEquals(List.of("one", "two", "three"), venue.sentFrames());
            assertEquals(1, venue.connectionCount());
            assertNull(client.closed());
            assertNull(client.failure());
        }
    }

    @Test
    void playsEveryRecordedFrameOfARealCaptureInOrder()
            throws IOException
    {
        Path capture = Captures.require("binance/usdm-4symbols-20210722.jsonl.gz");
        List<String> recorded = CaptureReader.readAll(capture).stream()
                .filter(line -> line.kind() == CaptureLine.Kind.RECV)
                .map(CaptureLine::data)
                .toList();
        try (FakeVenue venue = FakeVenue.fromCapture(capture).start()) {
            RecordingClient client = CLIENT.connect(venue.wsUrl() + "/stream?streams=sushiusdt@aggTrade");

            assertEquals(recorded, client.awaitTexts(recorded.size()));
            assertEquals(recorded.size(), venue.scriptFrames());
            assertEquals(recorded.size(), venue.framesPlayed());
        }
    }

    @Test
    void answersRestFromTheCaptureAndNamesWhatNothingAnswers()
            throws Exception
    {
        Path capture = Captures.require("binance/spot-10symbols-20210405.jsonl.gz");
        try (FakeVenue venue = FakeVenue.fromCapture(capture).start()) {
            RestResponse snapshot = CLIENT.get(venue.restUrl() + "/api/v3/depth?symbol=ZILUSDT&limit=5000");
            RestResponse unknown = CLIENT.get(venue.restUrl() + "/api/v3/exchangeInfo?symbol=ZILUSDT");

            assertEquals(200, snapshot.status());
            assertTrue(snapshot.body().startsWith("{\"lastUpdateId\":499822895,"), snapshot.body().substring(0, 40));
            assertEquals(404, unknown.status());
            assertTrue(unknown.body().contains("GET /api/v3/exchangeInfo?symbol=ZILUSDT"), unknown.body());
            assertEquals(List.of(
                            new VenueRequest("GET", "/api/v3/depth?symbol=ZILUSDT&limit=5000", 200),
                            new VenueRequest("GET", "/api/v3/exchangeInfo?symbol=ZILUSDT", 404)),
                    venue.restRequests());
        }
    }

    @Test
    void answersFromItsResponderBeforeItsRecordedResponses()
            throws Exception
    {
        RestResponder responder = (method, target) -> target.startsWith("/api/time")
                ? Optional.of(RestResponder.Reply.json("{\"serverTime\":1}"))
                : Optional.empty();
        try (FakeVenue venue = FakeVenue.builder()
                .rest("GET", "/api/depth?symbol=ABCUSD", 200, "{\"seq\":10}")
                .rest("GET", "/api/time", 200, "{\"serverTime\":0}")
                .restResponder(responder)
                .start()) {
            RestResponse time = CLIENT.get(venue.restUrl() + "/api/time");
            RestResponse depth = CLIENT.get(venue.restUrl() + "/api/depth?symbol=ABCUSD&limit=100");

            assertEquals("{\"serverTime\":1}", time.body());
            assertEquals(Optional.of("application/json"), time.header("Content-Type"));
            assertEquals(200, depth.status());
            assertEquals("{\"seq\":10}", depth.body());
        }
    }

    @Test
    void aReconnectingClientHearsTheStreamFromTheStartByDefault()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames("a", "b", "c", "d", "e").start()) {
            venue.faults().dropConnectionAfter(3);
            RecordingClient first = CLIENT.connect(venue.wsUrl());
            first.awaitFailure();
            RecordingClient second = CLIENT.connect(venue.wsUrl());

            assertEquals(List.of("a", "b", "c"), first.texts());
            assertEquals(List.of("a", "b", "c", "d", "e"), second.awaitTexts(5));
            assertEquals(2, venue.connectionCount());
            assertFalse(venue.connections().get(0).open());
        }
    }

    @Test
    void aReconnectingClientHearsTheRestOfTheStreamWhenResuming()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames("a", "b", "c", "d", "e").playback(FakeVenue.Playback.RESUME).start()) {
            venue.faults().dropConnectionAfter(3);
            RecordingClient first = CLIENT.connect(venue.wsUrl());
            first.awaitFailure();
            RecordingClient second = CLIENT.connect(venue.wsUrl());

            assertEquals(List.of("a", "b", "c"), first.texts());
            assertEquals(List.of("d", "e"), second.awaitTexts(2));
            Await.until("the venue played its script", venue::finished);
            assertEquals(5, venue.framesPlayed());
        }
    }

    @Test
    void spreadsRecordedConnectionsOverTheClientsConnections()
            throws IOException
    {
        List<CaptureLine> lines = List.of(
                CaptureLine.open(0, 7, "wss://venue.example/trades"),
                CaptureLine.open(0, 9, "wss://venue.example/books"),
                CaptureLine.recv(0, 7, "trade 1"),
                CaptureLine.recv(0, 9, "book 1"),
                CaptureLine.recv(0, 7, "trade 2"),
                CaptureLine.recv(0, 9, "book 2"));
        FakeVenue.Builder merged = FakeVenue.builder();
        FakeVenue.Builder sharded = FakeVenue.builder().liveConnections(2);
        lines.forEach(merged::line);
        lines.forEach(sharded::line);

        try (FakeVenue venue = merged.start()) {
            RecordingClient only = CLIENT.connect(venue.wsUrl());
            assertEquals(List.of("trade 1", "book 1", "trade 2", "book 2"), only.awaitTexts(4));
        }
        try (FakeVenue venue = sharded.start()) {
            RecordingClient first = CLIENT.connect(venue.wsUrl());
            assertEquals(List.of("trade 1", "trade 2"), first.awaitTexts(2));
            RecordingClient second = CLIENT.connect(venue.wsUrl());
            assertEquals(List.of("book 1", "book 2"), second.awaitTexts(2));
        }
    }

    @Test
    void pausesAfterSomeFramesUntilResumed()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames("a", "b", "c", "d").start()) {
            venue.pauseAfter(2);
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            assertEquals(List.of("a", "b"), client.awaitTexts(2));
            Await.until("the venue holds its third frame", venue::paused);
            assertEquals(2, venue.framesSent());
            venue.resume();
            assertEquals(List.of("a", "b", "c", "d"), client.awaitTexts(4));
            assertFalse(venue.paused());
        }
    }

    @Test
    void pacesFramesByTheirRecordedTimesKeepingTheirOrder()
            throws IOException
    {
        long start = 1_700_000_000_000_000_000L;
        FakeVenue.Builder builder = FakeVenue.builder().speed(ReplaySpeed.RECORDED);
        for (int i = 0; i < 5; i++) {
            builder.line(CaptureLine.recv(start + TimeUnit.MILLISECONDS.toNanos(20L * i), 1, "frame " + i));
        }
        try (FakeVenue venue = builder.start()) {
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            assertEquals(List.of("frame 0", "frame 1", "frame 2", "frame 3", "frame 4"), client.awaitTexts(5));
        }
    }
}
