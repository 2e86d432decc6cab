package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.core.capture.ReplaySpeed;
import io.marketpipe.testkit.fakes.CountingMetrics;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.marketpipe.core.capture.CaptureLine.Kind.CLOSE;
import static io.marketpipe.core.capture.CaptureLine.Kind.OPEN;
import static io.marketpipe.core.capture.CaptureLine.Kind.RECV;
import static io.marketpipe.core.capture.CaptureLine.Kind.REST;
import static io.marketpipe.core.capture.CaptureLine.Kind.SEND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordingTransportTest
{
    private static final CaptureHeader HEADER = new CaptureHeader("binance", "spot", List.of("BTCUSDT"), null, "test", null, "recorded against a loopback echo server");

    private final OkHttpClient client = OkHttpClients.create(TransportSettings.defaults());

    @TempDir
    Path directory;

    @AfterEach
    void stopClient()
    {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void recordThenReplayRoundTrip()
            throws Exception
    {
        Path file = directory.resolve("recorded.jsonl.gz");
        String restUrl;
        String webSocketUrl;
        QueueingListener live = new QueueingListener();
        RestResponse liveResponse;
        long helloNanos;
        try (EchoServer venue = new EchoServer(); CaptureWriter writer = CaptureWriter.create(file, HEADER)) {
            webSocketUrl = venue.webSocketUrl();
            restUrl = venue.url("/api/v3/depth?symbol=BTCUSDT&limit=1000");
            RecordingWebSocketTransport webSockets = new RecordingWebSocketTransport(new LiveWebSocketTransport(client, new CountingMetrics()), writer, MarketClock.SYSTEM);
            RecordingRestTransport rest = new RecordingRestTransport(new LiveRestTransport(client, new CountingMetrics()), writer);

            WebSocketConnection connection = webSockets.connect(webSocketUrl, live);
            assertEquals("open", live.next());
            assertEquals("text:hello", live.next());
            helloNanos = live.lastReceivedNanos();
            assertTrue(connection.send("{\"method\":\"SUBSCRIBE\"}"));
            assertEquals("text:echo:{\"method\":\"SUBSCRIBE\"}", live.next());
            liveResponse = rest.send(RestRequest.get(restUrl, 50)).get(10, TimeUnit.SECONDS);
            connection.close(1000, "done");
            assertEquals("closed:1000", live.next());
            assertEquals(0, webSockets.writeFailures());
        }

        List<CaptureLine> lines = CaptureReader.readAll(file);
        assertEquals(List.of(OPEN, RECV, SEND, RECV, REST, CLOSE), lines.stream().map(CaptureLine::kind).toList());
        assertEquals(webSocketUrl, lines.get(0).url());
        assertTrue(lines.stream().filter(line -> line.kind() != REST).allMatch(line -> line.conn() == 1));
        assertEquals("hello", lines.get(1).data());
        assertEquals(helloNanos, lines.get(1).ts(), "recv ts is the receive time the listener saw");
        assertEquals("{\"method\":\"SUBSCRIBE\"}", lines.get(2).data());
        assertEquals("echo:{\"method\":\"SUBSCRIBE\"}", lines.get(3).data());
        CaptureLine rest = lines.get(4);
        assertEquals("GET", rest.method());
        assertEquals(restUrl, rest.url());
        assertEquals(200, rest.status());
        assertEquals(liveResponse.body(), rest.data());
        assertEquals(liveResponse.receivedNanos(), rest.ts());
        assertEquals(1000, lines.get(5).code());
        assertTrue(lines.stream().allMatch(line -> line.ts() > 0));

        ReplayTransport replay = ReplayTransport.open(file, ReplaySpeed.MAX);
        assertEquals(HEADER, replay.header());
        EventLog replayed = new EventLog();
        replay.connect("wss://stream.binance.com:9443/stream", replayed);
        RestResponse replayedResponse = replay.send(RestRequest.get("https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=5000")).join();
        ReplayResult result = replay.run();

        assertEquals(liveResponse.body(), replayedResponse.body());
        assertEquals(List.of("open", "text:hello", "text:echo:{\"method\":\"SUBSCRIBE\"}", "closed:1000:end of capture"), replayed.events());
        assertEquals(2, result.framesReplayed());
    }

    @Test
    void failedConnectionIsRecordedAsAbnormalClose()
            throws Exception
    {
        Path file = directory.resolve("failed.jsonl");
        String url;
        try (EchoServer venue = new EchoServer()) {
            url = venue.webSocketUrl();
        }
        try (CaptureWriter writer = CaptureWriter.create(file, HEADER)) {
            RecordingWebSocketTransport webSockets = new RecordingWebSocketTransport(new LiveWebSocketTransport(client, new CountingMetrics()), writer, MarketClock.SYSTEM);
            QueueingListener listener = new QueueingListener();
            webSockets.connect(url, listener);
            assertTrue(listener.next().startsWith("failure:"));
        }

        List<CaptureLine> lines = CaptureReader.readAll(file);
        assertEquals(List.of(OPEN, CLOSE), lines.stream().map(CaptureLine::kind).toList());
        assertEquals(1006, lines.get(1).code());
    }

    @Test
    void writeFailureIsCountedAndTrafficGoesOn()
            throws Exception
    {
        CountingMetrics metrics = new CountingMetrics();
        AtomicBoolean diskFull = new AtomicBoolean();
        Writer disk = new Writer()
        {
            @Override
            public void write(char[] text, int offset, int length)
                    throws IOException
            {
                if (diskFull.get()) {
                    throw new IOException("no space left on device");
                }
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        CaptureWriter writer = CaptureWriter.of(disk, HEADER);
        diskFull.set(true);
        FakeRestTransport venue = new FakeRestTransport();
        RecordingRestTransport rest = new RecordingRestTransport(venue, writer, metrics);

        RestResponse response = rest.send(RestRequest.get("https://api.binance.com/api/v3/time")).join();

        assertEquals(200, response.status());
        assertEquals(1, rest.writeFailures());
        assertEquals(1, metrics.count("capture.write.failures"));
    }

    @Test
    void recordingOverReplayKeepsConnectionNumbersInConnectOrder()
            throws IOException
    {
        Path source = directory.resolve("source.jsonl.gz");
        try (CaptureWriter writer = CaptureWriter.create(source, HEADER)) {
            writer.write(CaptureLine.open(10, 1, "wss://a"));
            writer.write(CaptureLine.open(11, 2, "wss://b"));
            writer.write(CaptureLine.recv(12, 2, "for b"));
            writer.write(CaptureLine.recv(13, 1, "for a"));
        }
        Path copy = directory.resolve("copy.jsonl.gz");
        ReplayTransport replay = ReplayTransport.open(source, ReplaySpeed.MAX);
        try (CaptureWriter writer = CaptureWriter.create(copy, HEADER)) {
            RecordingWebSocketTransport recording = new RecordingWebSocketTransport(replay, writer, replay.clock());
            EventLog first = new EventLog()
            {
                @Override
                public void onOpen(WebSocketConnection connection)
                {
                    super.onOpen(connection);
                    connection.send("subscribe a");
                }
            };
            recording.connect("wss://a", Map.of(), first);
            recording.connect("wss://b", Map.of(), new EventLog());
            replay.run();
        }

        List<CaptureLine> lines = CaptureReader.readAll(copy);
        assertEquals(List.of(OPEN, SEND, OPEN, RECV, RECV, CLOSE, CLOSE), lines.stream().map(CaptureLine::kind).toList());
        assertEquals(List.of(1, 1, 2, 2, 1, 1, 2), lines.stream().map(CaptureLine::conn).toList());
        assertEquals(List.of(12L, 13L), lines.stream().filter(line -> line.kind() == RECV).map(CaptureLine::ts).toList());
    }
}
