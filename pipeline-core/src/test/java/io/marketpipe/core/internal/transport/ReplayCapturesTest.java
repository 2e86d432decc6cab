package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.core.internal.candle.SharedCaptures;
import io.marketpipe.core.internal.transport.ReplayResult;
import io.marketpipe.core.internal.transport.ReplayTransport;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCapturesTest
{
    @Test
    void binanceSpot2021AnswersTodaysDepthRequestWithTheRecordedSnapshot()
            throws IOException
    {
        Path capture = SharedCaptures.require("binance/spot-10symbols-20210405.jsonl.gz");
        CaptureLine recorded = restLines(capture).stream()
                .filter(line -> line.url().endsWith("/api/v1/depth?symbol=ZILUSDT&limit=1000"))
                .findFirst()
                .orElseThrow();
        ReplayTransport replay = ReplayTransport.open(capture, ReplaySpeed.MAX);

        CompletableFuture<RestResponse> future = replay.send(RestRequest.get("http://127.0.0.1:18080/api/v3/depth?symbol=ZILUSDT&limit=5000", 250));

        assertTrue(future.isDone());
        RestResponse response = future.join();
        assertEquals(200, response.status());
        assertEquals(recorded.data(), response.body());
        assertTrue(response.body().startsWith("{\"lastUpdateId\":499822895,"), "the ZILUSDT snapshot");
        assertEquals(recorded.ts(), response.receivedNanos());
        assertEquals(List.of("BTCAUD", "MANAUSDT", "ETHBRL", "DENTUSDT", "ZILUSDT", "RENBTCETH", "BTCSTUSDT", "QTUMETH", "AXSBNB", "NEOUSDC"), replay.header().symbols());
    }

    @Test
    void yahooAnswersRepeatedRequestsForOneSymbolInRecordedOrder()
            throws IOException
    {
        Path capture = SharedCaptures.require("yahoo/chart-fixtures.jsonl.gz");
        List<String> recordedDaily = new ArrayList<>();
        String recordedMinutes = null;
        for (CaptureLine line : restLines(capture)) {
            if (line.url().contains("/v8/finance/chart/AAPL?")) {
                if (line.url().contains("interval=1d")) {
                    recordedDaily.add(line.data());
                }
                else if (line.url().contains("interval=1m")) {
                    recordedMinutes = line.data();
                }
            }
        }
        assertTrue(recordedDaily.size() > 1, "the capture polls AAPL daily bars more than once");
        ReplayTransport replay = ReplayTransport.open(capture, ReplaySpeed.MAX);

        List<String> answered = new ArrayList<>();
        for (int i = 0; i < recordedDaily.size(); i++) {
            answered.add(replay.send(RestRequest.get("http://127.0.0.1:18080/v8/finance/chart/AAPL?interval=1d&range=5d")).join().body());
        }
        String afterTheLast = replay.send(RestRequest.get("http://127.0.0.1:18080/v8/finance/chart/AAPL?interval=1d&range=5d")).join().body();
        String minutes = replay.send(RestRequest.get("http://127.0.0.1:18080/v8/finance/chart/AAPL?interval=1m&period1=1&period2=2")).join().body();
        ReplayResult result = replay.run();

        assertEquals(recordedDaily, answered);
        assertEquals(recordedDaily.get(recordedDaily.size() - 1), afterTheLast, "after the last recorded response, the last again");
        assertEquals(recordedMinutes, minutes);
        assertEquals(1, result.restRepeated());
        assertEquals(0, result.restUnmatched());
    }

    @Test
    void binanceSpot2024ReplaysEveryRecordedFrame()
            throws IOException
    {
        Path capture = SharedCaptures.require("binance/spot-btcusdt-20240808.jsonl.gz");
        long recvLines = 0;
        try (CaptureReader reader = CaptureReader.open(capture)) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.RECV) {
                    recvLines++;
                }
            }
        }
        ReplayTransport replay = ReplayTransport.open(capture, ReplaySpeed.MAX);
        AtomicLong delivered = new AtomicLong();
        List<String> closes = new ArrayList<>();
        replay.connect("wss://stream.binance.com:9443/stream?streams=btcusdt@trade/btcusdt@bookTicker/btcusdt@depth@100ms", new WebSocketListener()
        {
            @Override
            public void onText(WebSocketConnection connection, String text, long receivedNanos)
            {
                delivered.incrementAndGet();
            }

            @Override
            public void onClosed(WebSocketConnection connection, int code, String reason)
            {
                closes.add(code + " " + reason);
            }
        });
        RestResponse snapshot = replay.send(RestRequest.get("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000", 250)).join();

        ReplayResult result = replay.run();

        assertEquals(recvLines, result.framesReplayed());
        assertEquals(recvLines, delivered.get());
        assertEquals(0, result.unroutedFrames());
        assertEquals(List.of("1000 end of capture"), closes);
        assertTrue(snapshot.body().startsWith("{\"lastUpdateId\":50093239218,"));
    }

    private static List<CaptureLine> restLines(Path capture)
            throws IOException
    {
        return CaptureReader.readAll(capture).stream().filter(line -> line.kind() == CaptureLine.Kind.REST).toList();
    }
}
