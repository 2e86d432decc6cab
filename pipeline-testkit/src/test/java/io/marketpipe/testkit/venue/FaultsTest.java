package io.marketpipe.testkit.venue;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.testkit.Await;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FaultsTest
{
    private static final LoopbackClient CLIENT = new LoopbackClient(Duration.ofSeconds(1));
    private static final List<String> FRAMES = List.of("{\"n\":1}", "{\"n\":2}", "{\"n\":3,\"p\":\"100.5\"}", "{\"n\":4}", "{\"n\":5}", "{\"n\":6}");

    @AfterAll
    static void shutDownClient()
    {
        CLIENT.close();
    }

    @Test
    void dropsTheConnectionWithoutACloseFrameAfterSomeFrames()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).start()) {
            venue.faults().dropConnectionAfter(2);
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            client.awaitFailure();
            assertEquals(FRAMES.subList(0, 2), client.texts());
            assertNull(client.closed(), "no close handshake");
            assertEquals(1, venue.injected(FaultKind.DROP));
            assertEquals(1, venue.injected());
            assertEquals(0, venue.faults().pending());
        }
    }

    @Test
    void dropLosesTheFramesInFlightAndTheNextConnectionResumesAfterThem()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).playback(FakeVenue.Playback.RESUME).start()) {
            venue.faults().dropConnectionAfter(2, 2);
            RecordingClient first = CLIENT.connect(venue.wsUrl());
            first.awaitFailure();
            RecordingClient second = CLIENT.connect(venue.wsUrl());

            assertEquals(FRAMES.subList(4, 6), second.awaitTexts(2));
            assertEquals(FRAMES.subList(0, 2), first.texts());
            assertEquals(FRAMES.subList(2, 4), venue.lostFrames());
            assertEquals(FRAMES.size(), venue.framesPlayed(), "lost frames were played, to nobody");
            assertEquals(4, venue.framesSent());
            assertTrue(venue.finished());
        }
    }

    @Test
    void answersMessagesExceptWhileStalled()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).answerMessages(message -> Optional.of("re: " + message)).start()) {
            venue.pauseAfter(2);
            RecordingClient client = CLIENT.connect(venue.wsUrl(), "ping 1");
            Await.until("the answer and the first frames arrived", () -> client.texts().size() == 3 && venue.paused(), client::texts);
            venue.faults().stallAfter(1, Duration.ofHours(1));
            venue.resume();
            Await.until("the stall began", () -> venue.injected(FaultKind.STALL) == 1);

            client.send("ping 2");
            Await.until("the venue received the message sent during the stall", () -> venue.receivedMessages().size() == 2);
            venue.resume();

            Await.until("the venue played its script", venue::finished);
            List<String> texts = client.awaitTexts(FRAMES.size() + 1);
            assertTrue(texts.contains("re: ping 1"), texts.toString());
            assertFalse(texts.contains("re: ping 2"), "a stalled connection answers nothing: " + texts);
            assertEquals(FRAMES.size() + 1, venue.framesSent(), "answers count as frames sent");
        }
    }

    @Test
    void closesWithACodeAsAVenueDoesForMaintenance()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).start()) {
            venue.faults().closeConnectionAfter(2, 1001, "maintenance");
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            Await.until("the client saw the close", () -> client.closed() != null);
            assertEquals("1001 maintenance", client.closed());
            assertEquals(FRAMES.subList(0, 2), client.texts());
            assertEquals(1, venue.injected(FaultKind.CLOSE));
        }
    }

    @Test
    void stallsKeepingTheConnectionOpenUntilResumed()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).start()) {
            venue.faults().stallAfter(2, Duration.ofHours(1));
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            assertEquals(FRAMES.subList(0, 2), client.awaitTexts(2));
            Await.until("the stall began", () -> venue.injected(FaultKind.STALL) == 1);
            assertEquals(2, venue.framesSent(), "nothing is sent while stalled");
            assertTrue(venue.connections().get(0).open());
            venue.resume();
            assertEquals(FRAMES, client.awaitTexts(FRAMES.size()));
            assertNull(client.failure());
            assertEquals(1, venue.connectionCount());
        }
    }

    @Test
    void resumesByItselfAfterAShortStall()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).start()) {
            venue.faults().stallAfter(3, Duration.ofMillis(100));
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            assertEquals(FRAMES, client.awaitTexts(FRAMES.size()));
            assertEquals(1, venue.injected(FaultKind.STALL));
            assertNull(client.failure());
        }
    }

    @Test
    void sendsGarbageAndTruncatedFrames()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().frames(FRAMES).start()) {
            venue.faults().garbageAfter(1).truncateFrameAfter(2);
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            assertEquals(List.of(FRAMES.get(0), Faults.GARBAGE, FRAMES.get(1), "{\"n\":3,\"p", FRAMES.get(3), FRAMES.get(4), FRAMES.get(5)),
                    client.awaitTexts(FRAMES.size() + 1));
            assertEquals(1, venue.injected(FaultKind.GARBAGE));
            assertEquals(1, venue.injected(FaultKind.TRUNCATE));
            assertEquals(FRAMES.size(), venue.framesPlayed(), "garbage is not a frame of the script");
            assertEquals(FRAMES.size() + 1, venue.framesSent());
        }
    }

    @Test
    void withholdsAFrameByPositionOrByContent()
            throws IOException
    {
        List<String> frames = List.of("trade 1", "depth 1", "trade 2", "depth 2", "trade 3");
        try (FakeVenue venue = FakeVenue.builder().frames(frames).start()) {
            venue.faults().skipFrameAfter(2).skipFrameMatching(frame -> frame.startsWith("depth"));
            RecordingClient client = CLIENT.connect(venue.wsUrl());

            Await.until("the venue played its script", venue::finished);
            assertEquals(List.of("trade 1", "depth 2", "trade 3"), client.awaitTexts(3));
            assertEquals(2, venue.injected(FaultKind.SKIP));
            assertEquals(5, venue.framesPlayed());
            assertEquals(3, venue.framesSent());
        }
    }

    @Test
    void answersRestWithThrottlesBansAndServerErrorsThenNormally()
            throws Exception
    {
        try (FakeVenue venue = FakeVenue.builder().rest("GET", "/api/ping", 200, "{}").start()) {
            venue.faults()
                    .throttleRest(2, Duration.ofMillis(1500))
                    .banRest(1, Duration.ofMinutes(2))
                    .failRest(1, 503);
            String url = venue.restUrl() + "/api/ping";

            RestResponse throttled = CLIENT.get(url);
            RestResponse throttledAgain = CLIENT.get(url);
            RestResponse banned = CLIENT.get(url);
            RestResponse failed = CLIENT.get(url);
            RestResponse answered = CLIENT.get(url);

            assertEquals(429, throttled.status());
            assertEquals(Optional.of("2"), throttled.header("Retry-After"), "whole seconds, rounded up");
            assertEquals(429, throttledAgain.status());
            assertEquals(418, banned.status());
            assertEquals(Optional.of("120"), banned.header("Retry-After"));
            assertEquals(503, failed.status());
            assertEquals(200, answered.status());
            assertEquals("{}", answered.body());
            assertEquals(2, venue.injected(FaultKind.REST_THROTTLED));
            assertEquals(1, venue.injected(FaultKind.REST_BANNED));
            assertEquals(1, venue.injected(FaultKind.REST_SERVER_ERROR));
            assertEquals(List.of(429, 429, 418, 503, 200), venue.restRequests().stream().map(VenueRequest::status).toList());
            assertEquals(0, venue.faults().pending());
        }
    }

    @Test
    void aSlowAnswerIsATimeoutForAClientThatWillNotWait()
            throws Exception
    {
        try (FakeVenue venue = FakeVenue.builder().rest("GET", "/api/ping", 200, "{}").start()) {
            // ten times the client's read timeout
            venue.faults().slowRest(1, Duration.ofSeconds(10));
            String url = venue.restUrl() + "/api/ping";

            CompletableFuture<RestResponse> slow = CLIENT.send(RestRequest.get(url));
            ExecutionException timedOut = assertThrows(ExecutionException.class, () -> slow.get(30, TimeUnit.SECONDS));
            RestResponse next = CLIENT.get(url);

            assertInstanceOf(SocketTimeoutException.class, timedOut.getCause());
            assertEquals(200, next.status());
            assertEquals(1, venue.injected(FaultKind.REST_SLOW));
        }
    }

    @Test
    void rejectsCloseCodesNoVenueCanSend()
            throws IOException
    {
        try (FakeVenue venue = FakeVenue.builder().start()) {
            assertThrows(IllegalArgumentException.class, () -> venue.faults().closeConnectionAfter(1, 1006, "abnormal"));
            assertThrows(IllegalArgumentException.class, () -> venue.faults().failRest(1, 429));
            assertEquals(0, venue.faults().pending());
        }
    }
}
