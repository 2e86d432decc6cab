package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayTransportTest
{
    private static final long T0 = 1_700_000_000_000_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final String YAHOO_CHART = "https://query2.finance.yahoo.com/v8/finance/chart/";
    private static final CaptureHeader HEADER = new CaptureHeader("binance", "spot", List.of("BTCUSDT"), null, null, null, null);

    @TempDir
    Path directory;

    @Test
    void replayAnswersRestByPathAndIdentifyingParams()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(
                CaptureLine.rest(T0, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000", 200, "btc book"),
                CaptureLine.rest(T0 + 1, "GET", "https://api.binance.com/api/v3/depth?symbol=ETHUSDT&limit=1000", 200, "eth book"),
                CaptureLine.rest(T0 + 2, "GET", "https://api.binance.com/api/v3/ticker/price?symbol=BTCUSDT", 200, "btc price")),
                ReplaySpeed.MAX);

        RestResponse eth = answer(replay, "http://127.0.0.1:8080/api/v3/depth?symbol=ETHUSDT&limit=1000");
        assertEquals(200, eth.status());
        assertEquals("eth book", eth.body());
        assertEquals(T0 + 1, eth.receivedNanos());
        assertEquals("btc book", answer(replay, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT").body());
        assertEquals("btc price", answer(replay, "http://localhost/api/v3/ticker/price?symbol=BTCUSDT&extra=1").body());
        assertEquals(404, answer(replay, "https://api.binance.com/api/v3/depth?symbol=XRPUSDT&limit=1000").status());
        assertEquals(404, answer(replay, "https://api.binance.com/api/v3/depth").status(), "a request lacking a recorded identifying parameter does not match");
    }

    @Test
    void replayToleratesApiVersionAndLimit()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(
                CaptureLine.rest(T0, "GET", "https://www.binance.com/api/v1/depth?symbol=ZILUSDT&limit=1000", 200, "zil spot"),
                CaptureLine.rest(T0, "GET", "https://fapi.binance.com/fapi/v1/depth?symbol=ZILUSDT&limit=1000", 200, "zil futures")),
                ReplaySpeed.MAX);

        assertEquals("zil spot", answer(replay, "http://127.0.0.1:4321/api/v3/depth?symbol=ZILUSDT&limit=5000").body());
        assertEquals("zil futures", answer(replay, "http://127.0.0.1:4321/fapi/v2/depth/?limit=500&symbol=ZILUSDT").body());
        assertEquals(404, answer(replay, "http://127.0.0.1:4321/dapi/v1/depth?symbol=ZILUSDT").status(), "another path prefix is another endpoint");
    }

    @Test
    void mostSpecificRecordingAnswers()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(
                CaptureLine.rest(0, "GET", "https://www.okx.com/api/v5/public/open-interest?instType=FUTURES", 200, "all futures"),
                CaptureLine.rest(0, "GET", "https://www.okx.com/api/v5/public/open-interest?instType=FUTURES&instId=BTC-USD-220520", 200, "one future")),
                ReplaySpeed.MAX);

        assertEquals("one future", answer(replay, "https://www.okx.com/api/v5/public/open-interest?instType=FUTURES&instId=BTC-USD-220520").body());
        assertEquals("all futures", answer(replay, "https://www.okx.com/api/v5/public/open-interest?instType=FUTURES").body());
    }

    @Test
    void polledSourceGetsResponsesInOrder()
            throws IOException
    {
        ReplayTransport replay = yahooChartReplay();

        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            bodies.add(answer(replay, "http://127.0.0.1:9999/v8/finance/chart/AAPL?interval=1d&range=1d&period1=" + i).body());
        }
        assertEquals(List.of("aapl 1", "aapl 2", "aapl 3", "aapl 3"), bodies, "recorded order, then the last again");
        RestResponse msft = answer(replay, YAHOO_CHART + "MSFT?interval=1d&period1=100&period2=200");
        assertEquals(404, msft.status(), "a recorded error status is answered as recorded");
        assertEquals("msft missing", msft.body());
        assertEquals("aapl minutes", answer(replay, YAHOO_CHART + "AAPL?interval=1m").body());

        ReplayResult result = replay.run();
        assertEquals(6, result.restAnswered());
        assertEquals(1, result.restRepeated());
        assertEquals(0, result.restUnmatched());
    }

    @Test
    void sendingTheRecordedRequestsInOrderAnswersEveryRecordedResponseOnceInOrder()
            throws IOException
    {
        ReplayTransport replay = yahooChartReplay();

        List<String> bodies = new ArrayList<>();
        for (RestRequest request : replay.recordedRequests()) {
            bodies.add(answer(replay, request.url()).body());
        }
        assertEquals(List.of("aapl 1", "msft missing", "aapl minutes", "aapl 2", "aapl 3"), bodies);
        ReplayResult result = replay.run();
        assertEquals(5, result.restAnswered());
        assertEquals(0, result.restRepeated(), "each recorded response once");
    }

    @Test
    void responsesBeyondTheHeldLimitAreSetAsideOnDiskAndAnswerAsRecorded()
            throws IOException
    {
        String euro = "prix 100 \u20ac, \u65e5\u672c, \ud83d\udcc8 \"quoted\" \\ end";
        Path file = capture(
                CaptureLine.rest(T0, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, "aapl 1"),
                CaptureLine.rest(T0 + 1, "GET", YAHOO_CHART + "MSFT?interval=1d", 404, "msft missing"),
                CaptureLine.rest(T0 + 2, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, "aapl 2"),
                CaptureLine.rest(T0 + 3, "GET", YAHOO_CHART + "EUR?interval=1d", 200, euro),
                CaptureLine.rest(T0 + 4, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, ""),
                CaptureLine.rest(T0 + 5, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, "aapl 4"));
        ReplayTransport replay = ReplayTransport.builder(file).restBodiesHeld("aapl 1".length() + "msft missing".length()).build();

        assertEquals(List.of("aapl 1", "aapl 2", "", "aapl 4", "aapl 4"), bodies(replay, YAHOO_CHART + "AAPL?interval=1d", 5));
        RestResponse msft = answer(replay, YAHOO_CHART + "MSFT?interval=1d");
        assertEquals(404, msft.status());
        assertEquals("msft missing", msft.body());
        RestResponse eur = answer(replay, YAHOO_CHART + "EUR?interval=1d");
        assertEquals(euro, eur.body());
        assertEquals(T0 + 3, eur.receivedNanos());
        assertEquals(("aapl 2" + euro + "aapl 4").getBytes(StandardCharsets.UTF_8).length, replay.restBytesSetAside(),
                "the two bodies within the limit are held, the others set aside");

        replay.close();
        CompletableFuture<RestResponse> afterClose = replay.send(RestRequest.get(YAHOO_CHART + "EUR?interval=1d"));
        ExecutionException failure = assertThrows(ExecutionException.class, afterClose::get);
        assertTrue(failure.getCause() instanceof IOException, failure.toString());
        assertEquals("msft missing", answer(replay, YAHOO_CHART + "MSFT?interval=1d").body(), "what is held in memory still answers");
    }

    @Test
    void aReplayHoldsNoBodyInMemoryWhenToldSoAndAnswersTheSame()
            throws IOException
    {
        Path file = capture(
                CaptureLine.rest(T0, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, "aapl 1"),
                CaptureLine.rest(T0 + 1, "GET", YAHOO_CHART + "AAPL?interval=1d", 200, "aapl 2"));
        try (ReplayTransport held = ReplayTransport.open(file, ReplaySpeed.MAX);
                ReplayTransport setAside = ReplayTransport.builder(file).restBodiesHeld(0).build()) {
            assertEquals(0, held.restBytesSetAside());
            assertEquals(bodies(held, YAHOO_CHART + "AAPL?interval=1d", 3), bodies(setAside, YAHOO_CHART + "AAPL?interval=1d", 3));
            assertEquals(12, setAside.restBytesSetAside());
        }
    }

    private static List<String> bodies(ReplayTransport replay, String url, int requests)
    {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < requests; i++) {
            bodies.add(answer(replay, url).body());
        }
        return bodies;
    }

    @Test
    void unmatchedRestAnswers404NotHang()
            throws IOException
    {
        CountingMetrics metrics = new CountingMetrics();
        ReplayTransport replay = ReplayTransport.builder(capture(
                CaptureLine.rest(T0, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000", 200, "btc book")))
                .metrics(metrics)
                .build();

        String url = "https://api.binance.com/api/v3/exchangeInfo?symbol=BTCUSDT";
        CompletableFuture<RestResponse> future = replay.send(RestRequest.get(url));
        assertTrue(future.isDone(), "answered at once");
        RestResponse response = future.join();
        assertEquals(404, response.status());
        assertTrue(response.body().contains("GET " + url), response.body());
        assertEquals(1, metrics.count("replay.unmatched"));
        assertEquals(1, replay.run().restUnmatched());
    }

    @Test
    void restFuturesAreCompleteSoCallbacksRunOnTheCallingThread()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(
                CaptureLine.rest(T0, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT", 200, "btc book")),
                ReplaySpeed.RECORDED);
        List<Thread> threads = new ArrayList<>();
        replay.send(RestRequest.get("https://api.binance.com/api/v3/depth?symbol=BTCUSDT")).thenAccept(response -> threads.add(Thread.currentThread()));
        assertEquals(List.of(Thread.currentThread()), threads);
    }

    @Test
    void framesRoutedToConnectionsByConnOrder()
            throws IOException
    {
        Path file = capture(
                CaptureLine.open(T0, 7, "wss://stream.binance.com/stream"),
                CaptureLine.open(T0, 3, "wss://stream.binance.com/stream"),
                CaptureLine.send(T0, 7, "subscribe"),
                CaptureLine.recv(T0 + 1, 7, "a"),
                CaptureLine.recv(T0 + 2, 3, "b"),
                CaptureLine.rest(T0 + 3, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT", 200, "book"),
                CaptureLine.recv(T0 + 4, 7, "c"),
                CaptureLine.open(T0 + 5, 9, "wss://stream.binance.com/stream"),
                CaptureLine.recv(T0 + 6, 9, "d"),
                CaptureLine.close(T0 + 7, 3, 1000, ""),
                CaptureLine.recv(T0 + 8, 3, "e"));

        ReplayTransport replay = ReplayTransport.open(file, ReplaySpeed.MAX);
        EventLog first = new EventLog();
        EventLog second = new EventLog();
        WebSocketConnection connection = replay.connect("ws://127.0.0.1/stream", first);
        replay.connect("ws://127.0.0.1/stream", second);
        assertEquals(List.of("open"), first.events(), "onOpen is called from connect");
        assertTrue(connection.send("subscribe"));

        ReplayResult result = replay.run();

        assertEquals(List.of("open", "text:a", "text:c", "text:d", "closed:1000:end of capture"), first.events());
        assertEquals(List.of("open", "text:b", "text:e", "closed:1000:end of capture"), second.events());
        assertEquals(List.of(T0 + 1, T0 + 4, T0 + 6), first.receivedNanos());
        assertEquals(5, result.framesReplayed());
        assertEquals(0, result.unroutedFrames());
        assertEquals(1, result.messagesSent());
        assertEquals(2, result.connections());
        assertFalse(connection.send("too late"), "closed at the end of the capture");

        ReplayTransport single = ReplayTransport.open(file, ReplaySpeed.MAX);
        EventLog only = new EventLog();
        single.connect("ws://127.0.0.1/stream", only);
        single.run();
        assertEquals(List.of("open", "text:a", "text:b", "text:c", "text:d", "text:e", "closed:1000:end of capture"), only.events(),
                "a connector with one connection gets every recorded connection's frames");
    }

    @Test
    void framesBeforeAnyConnectionAreUnrouted()
            throws IOException
    {
        ReplayTransport replay = oneConnectionReplay("wss://stream.binance.com/stream", "a", "b");

        ReplayResult result = replay.run();

        assertEquals(0, result.framesReplayed());
        assertEquals(2, result.unroutedFrames());
    }

    @Test
    void closedConnectionStopsReceivingAndReconnectTakesItsSlot()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(
                CaptureLine.open(T0, 1, "wss://ws.kraken.com"),
                CaptureLine.open(T0, 2, "wss://ws.kraken.com"),
                CaptureLine.recv(T0 + 1, 1, "a1"),
                CaptureLine.recv(T0 + 2, 2, "b1"),
                CaptureLine.recv(T0 + 3, 1, "a2"),
                CaptureLine.recv(T0 + 4, 2, "b2"),
                CaptureLine.recv(T0 + 5, 1, "a3")),
                ReplaySpeed.MAX);
        EventLog reconnected = new EventLog();
        EventLog first = new EventLog()
        {
            @Override
            public void onText(WebSocketConnection connection, String text, long receivedNanos)
            {
                super.onText(connection, text, receivedNanos);
                connection.close(1000, "resubscribing");
                assertFalse(connection.send("after close"), "send fails once closing");
            }

            @Override
            public void onClosed(WebSocketConnection connection, int code, String reason)
            {
                super.onClosed(connection, code, reason);
                replay.connect("ws://127.0.0.1/reconnected", reconnected);
            }
        };
        EventLog second = new EventLog();
        replay.connect("ws://127.0.0.1/first", first);
        replay.connect("ws://127.0.0.1/second", second);

        ReplayResult result = replay.run();

        assertEquals(List.of("open", "text:a1", "closed:1000:resubscribing"), first.events());
        assertEquals(List.of("open", "text:a2", "text:a3", "closed:1000:end of capture"), reconnected.events(), "the reconnect took the first slot");
        assertEquals(List.of("open", "text:b1", "text:b2", "closed:1000:end of capture"), second.events());
        assertEquals(3, result.connections());
        assertEquals(0, result.unroutedFrames());
    }

    @Test
    void cancelledConnectionFailsAndReceivesNoMoreFrames()
            throws IOException
    {
        ReplayTransport replay = oneConnectionReplay("wss://ws.okx.com:8443/ws/v5/public", "a", "b");
        EventLog events = new EventLog(WebSocketConnection::cancel);
        replay.connect("ws://127.0.0.1/ws", events);

        ReplayResult result = replay.run();

        assertEquals(List.of("open", "text:a", "failure"), events.events());
        assertEquals(1, result.framesReplayed());
        assertEquals(1, result.unroutedFrames());
    }

    @Test
    void recordedPaceIsHonouredScaled()
            throws IOException
    {
        Path file = streamCapture(
                CaptureLine.recv(T0, 1, "a"),
                CaptureLine.recv(T0 + SECOND, 1, "b"),
                CaptureLine.rest(T0 + 2 * SECOND, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT", 200, "book"),
                CaptureLine.recv(0, 1, "no time"),
                CaptureLine.recv(T0 + 3 * SECOND, 1, "c"),
                CaptureLine.recv(T0 + 2 * SECOND, 1, "recorded earlier"),
                CaptureLine.recv(T0 + 4 * SECOND, 1, "d"));

        assertEquals(List.of(500L, 1000L, 500L), pacedSleepsMillis(file, ReplaySpeed.parse("2x")));
        assertEquals(List.of(1000L, 2000L, 1000L), pacedSleepsMillis(file, ReplaySpeed.RECORDED));
        assertEquals(List.of(2000L, 4000L, 2000L), pacedSleepsMillis(file, ReplaySpeed.parse("0.5x")));
        assertEquals(List.of(), pacedSleepsMillis(file, ReplaySpeed.MAX));

        // delivery times on the fake wall clock at 2x
        ManualClock wall = new ManualClock();
        long start = wall.getAsLong();
        ReplayTransport replay = ReplayTransport.builder(file)
                .speed(ReplaySpeed.parse("2x"))
                .pacing(wall, wall::advanceNanos)
                .build();
        List<Long> deliveredMillis = new ArrayList<>();
        replay.connect("ws://127.0.0.1/stream", (connection, text, receivedNanos) -> deliveredMillis.add((wall.getAsLong() - start) / 1_000_000));
        replay.run();
        assertEquals(List.of(0L, 500L, 500L, 1500L, 1500L, 2000L), deliveredMillis);
    }

    @Test
    void aLongSilenceInTheRecordingIsShortenedToTheMaxPause()
            throws IOException
    {
        long hour = 3600 * SECOND;
        Path file = streamCapture(
                CaptureLine.recv(T0, 1, "a"),
                CaptureLine.recv(T0 + SECOND, 1, "b"),
                CaptureLine.recv(T0 + SECOND + hour, 1, "after the silence"),
                CaptureLine.recv(T0 + 2 * SECOND + hour, 1, "c"),
                CaptureLine.recv(T0 + 3 * SECOND + hour, 1, "d"),
                CaptureLine.recv(T0 + 4 * SECOND + hour, 1, "e"));
        assertEquals(List.of(1000L, 10_000L, 1000L, 1000L, 1000L), pacedSleepsMillis(file, ReplaySpeed.RECORDED, Duration.ofSeconds(10)));
    }

    @Test
    void clockFollowsTheRecording()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(streamCapture(
                CaptureLine.recv(T0 + 10, 1, "a"),
                CaptureLine.recv(T0 + 5, 1, "recorded earlier"),
                CaptureLine.rest(T0 + 20, "GET", "https://api.binance.com/api/v3/depth?symbol=BTCUSDT", 200, "book"),
                CaptureLine.recv(0, 1, "no time")),
                ReplaySpeed.MAX);
        assertEquals(T0, replay.clock().nowNanos(), "before the first line: the first recorded time");
        List<Long> clockAtFrame = new ArrayList<>();
        replay.connect("ws://127.0.0.1/stream", (connection, text, receivedNanos) -> clockAtFrame.add(replay.clock().nowNanos()));

        replay.run();

        assertEquals(List.of(T0 + 10, T0 + 10, T0 + 20), clockAtFrame, "never goes back; lines without a time keep it");
    }

    @Test
    void stopEndsTheReplayFromAnotherThread()
            throws Exception
    {
        ReplayTransport replay = ReplayTransport.open(streamCapture(
                CaptureLine.recv(T0, 1, "a"),
                CaptureLine.recv(T0 + TimeUnit.HOURS.toNanos(1), 1, "an hour later")),
                ReplaySpeed.RECORDED);
        CountDownLatch firstFrame = new CountDownLatch(1);
        EventLog events = new EventLog(connection -> firstFrame.countDown());
        replay.connect("ws://127.0.0.1/stream", events);
        CompletableFuture<ReplayResult> running = CompletableFuture.supplyAsync(replay::run);
        assertTrue(firstFrame.await(10, TimeUnit.SECONDS));

        replay.stop();

        ReplayResult result = running.get(10, TimeUnit.SECONDS);
        assertTrue(result.stopped());
        assertEquals(1, result.framesReplayed());
        assertEquals(List.of("open", "text:a", "closed:1000:replay stopped"), events.events());
    }

    @Test
    void listenerFailureIsCountedAndTheReplayGoesOn()
            throws IOException
    {
        ReplayTransport replay = oneConnectionReplay("wss://stream.binance.com/stream", "bad", "good");
        List<String> accepted = new ArrayList<>();
        replay.connect("ws://127.0.0.1/stream", (connection, text, receivedNanos) -> {
            if (text.equals("bad")) {
                throw new IllegalStateException("cannot decode");
            }
            accepted.add(text);
        });

        ReplayResult result = replay.run();

        assertEquals(List.of("good"), accepted);
        assertEquals(1, result.listenerErrors());
        assertEquals(2, result.framesReplayed());
    }

    @Test
    void runsOnceAndLateConnectionsFailWithoutOpening()
            throws IOException
    {
        ReplayTransport replay = oneConnectionReplay("wss://ws.kraken.com");
        replay.run();

        assertThrows(IllegalStateException.class, replay::run);
        EventLog late = new EventLog();
        replay.connect("ws://127.0.0.1/late", late);
        assertEquals(List.of("failure"), late.events(), "a reconnect after the end opens nothing a book could resync on");
    }

    @Test
    void restLinesAreFoundHoweverTheyAreSpelledAmongFramesThatMentionRest()
            throws IOException
    {
        Path file = directory.resolve("spelled.jsonl");
        String header = "{\"t\":\"header\",\"format\":\"marketpipe-capture/1\",\"exchange\":\"binance\",\"market\":\"spot\",\"symbols\":[\"BTCUSDT\"]}";
        java.nio.file.Files.writeString(file, String.join("\r\n",
                header,
                "{\"t\":\"open\",\"ts\":" + T0 + ",\"conn\":0,\"url\":\"wss://stream.binance.com/ws\"}",
                "{\"t\":\"recv\",\"ts\":" + (T0 + 1) + ",\"conn\":0,\"data\":\"{\\\"rest\\\":\\\"not a rest line\\\"}\"}",
                "",
                "{\"ts\":" + (T0 + 2) + ",\"method\":\"GET\",\"url\":\"https://api.binance.com/api/v3/depth?symbol=BTCUSDT\",\"status\":200,\"data\":\"plain\",\"t\":\"rest\"}",
                "{\"t\":\"r\\u0065st\",\"ts\":" + (T0 + 3) + ",\"method\":\"GET\",\"url\":\"https://api.binance.com/api/v3/depth?symbol=ETHUSDT\",\"status\":200,\"data\":\"escaped\"}",
                "{\"t\" : \"rest\", \"ts\":" + (T0 + 4) + ",\"method\":\"GET\",\"url\":\"https://api.binance.com/api/v3/depth?symbol=SOLUSDT\",\"status\":200,\"data\":\"spaced\"}") + "\n");

        ReplayTransport replay = ReplayTransport.open(file, ReplaySpeed.MAX);

        assertEquals("plain", answer(replay, "https://api.binance.com/api/v3/depth?symbol=BTCUSDT").body());
        assertEquals("escaped", answer(replay, "https://api.binance.com/api/v3/depth?symbol=ETHUSDT").body());
        assertEquals("spaced", answer(replay, "https://api.binance.com/api/v3/depth?symbol=SOLUSDT").body());
        assertEquals(3, replay.recordedRequests().size());
        assertEquals(T0, replay.clock().nowNanos(), "before the first frame the clock shows the first recorded time");
        replay.connect("ws://127.0.0.1/stream", new EventLog());
        assertEquals(1, replay.run().framesReplayed());
    }

    @Test
    void aLineNamingTwoKindsIsDamagedNotGuessed()
            throws IOException
    {
        Path file = directory.resolve("two-kinds.jsonl");
        String header = "{\"t\":\"header\",\"format\":\"marketpipe-capture/1\",\"exchange\":\"binance\",\"market\":\"spot\",\"symbols\":[\"BTCUSDT\"]}";
        String url = "https://api.binance.com/api/v3/depth?symbol=BTCUSDT";
        java.nio.file.Files.writeString(file, String.join("\n",
                header,
                "{\"t\":\"open\",\"ts\":" + T0 + ",\"conn\":0,\"url\":\"wss://stream.binance.com/ws\"}",
                "{\"t\":\"recv\",\"ts\":" + (T0 + 1) + ",\"conn\":0,\"data\":\"one\"}",
                "{\"t\":\"recv\",\"ts\":" + (T0 + 2) + ",\"conn\":0,\"data\":\"two\",\"t\":\"rest\",\"method\":\"GET\",\"url\":\"" + url + "\",\"status\":200}",
                "{\"t\":\"recv\",\"ts\":" + (T0 + 3) + ",\"conn\":0,\"data\":\"three\"}") + "\n");

        ReplayTransport replay = ReplayTransport.open(file, ReplaySpeed.MAX);
        EventLog log = new EventLog();
        replay.connect("ws://127.0.0.1/stream", log);
        ReplayResult result = replay.run();

        assertEquals(404, answer(replay, url).status(), "neither kind is taken: the line answers no request");
        assertEquals(2, result.framesReplayed(), "neither is it replayed as a frame");
        assertEquals(1, result.damagedLines());
        assertTrue(result.damage().get(0).contains("two-kinds.jsonl:4: line has two \"t\" fields"), result.damage().toString());
    }

    @Test
    void headerIsReadAtOpen()
            throws IOException
    {
        ReplayTransport replay = ReplayTransport.open(capture(), ReplaySpeed.MAX);
        assertEquals(HEADER, replay.header());
    }

    private List<Long> pacedSleepsMillis(Path file, ReplaySpeed speed)
            throws IOException
    {
        return pacedSleepsMillis(file, speed, Duration.ZERO);
    }

    private List<Long> pacedSleepsMillis(Path file, ReplaySpeed speed, Duration maxPause)
            throws IOException
    {
        ManualClock wall = new ManualClock();
        List<Long> sleeps = new ArrayList<>();
        ReplayTransport replay = ReplayTransport.builder(file)
                .speed(speed)
                .maxPause(maxPause)
                .pacing(wall, nanos -> {
                    sleeps.add(Duration.ofNanos(nanos).toMillis());
                    wall.advanceNanos(nanos);
                })
                .build();
        replay.connect("ws://127.0.0.1/stream", new EventLog());
        assertEquals(6, replay.run().framesReplayed());
        return sleeps;
    }

    /**
     * Five chart responses a second apart: three daily AAPL polls, each with other non-identifying
     * parameters, a minute AAPL poll and an MSFT poll that failed with 404.
     */
    private ReplayTransport yahooChartReplay()
            throws IOException
    {
        return ReplayTransport.open(capture(
                CaptureLine.rest(T0, "GET", YAHOO_CHART + "AAPL?interval=1d&period1=100&period2=200&events=div%7Csplit", 200, "aapl 1"),
                CaptureLine.rest(T0 + SECOND, "GET", YAHOO_CHART + "MSFT?interval=1d", 404, "msft missing"),
                CaptureLine.rest(T0 + 2 * SECOND, "GET", YAHOO_CHART + "AAPL?interval=1m&period1=200&period2=300&includePrePost=false", 200, "aapl minutes"),
                CaptureLine.rest(T0 + 3 * SECOND, "GET", YAHOO_CHART + "AAPL?interval=1d&period1=200&period2=300&lang=en-US", 200, "aapl 2"),
                CaptureLine.rest(T0 + 4 * SECOND, "GET", YAHOO_CHART + "AAPL?interval=1d&period1=300&period2=400", 200, "aapl 3")),
                ReplaySpeed.MAX);
    }

    /**
     * Replays, as fast as possible, one connection to {@code url} opened at T0 that received
     * {@code frames} a nanosecond apart.
     */
    private ReplayTransport oneConnectionReplay(String url, String... frames)
            throws IOException
    {
        List<CaptureLine> lines = new ArrayList<>();
        lines.add(CaptureLine.open(T0, 1, url));
        for (int i = 0; i < frames.length; i++) {
            lines.add(CaptureLine.recv(T0 + 1 + i, 1, frames[i]));
        }
        return ReplayTransport.open(capture(lines.toArray(CaptureLine[]::new)), ReplaySpeed.MAX);
    }

    private static RestResponse answer(ReplayTransport replay, String url)
    {
        CompletableFuture<RestResponse> future = replay.send(RestRequest.get(url));
        assertTrue(future.isDone(), "replayed REST answers are complete at once");
        return future.join();
    }

    /**
     * @return a capture of one connection to Binance's stream, opened at T0, followed by {@code lines}
     */
    private Path streamCapture(CaptureLine... lines)
            throws IOException
    {
        List<CaptureLine> all = new ArrayList<>();
        all.add(CaptureLine.open(T0, 1, "wss://stream.binance.com/stream"));
        all.addAll(List.of(lines));
        return capture(all.toArray(CaptureLine[]::new));
    }

    private Path capture(CaptureLine... lines)
            throws IOException
    {
        Path file = directory.resolve("capture-" + System.nanoTime() + ".jsonl.gz");
        try (CaptureWriter writer = CaptureWriter.create(file, HEADER)) {
            for (CaptureLine line : lines) {
                writer.write(line);
            }
        }
        return file;
    }
}
