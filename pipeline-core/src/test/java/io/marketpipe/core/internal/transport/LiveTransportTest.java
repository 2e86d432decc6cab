package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.fakes.ManualClock;
import io.marketpipe.testkit.fakes.ManualScheduler;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveTransportTest
{
    private final OkHttpClient client = OkHttpClients.create(TransportSettings.defaults());
    private final CountingMetrics metrics = new CountingMetrics();
    private EchoServer venue;

    @BeforeEach
    void startVenue()
            throws IOException
    {
        venue = new EchoServer();
    }

    @AfterEach
    void stopVenue()
    {
        venue.close();
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    @Test
    void restCompletesWithAnyStatusAndLowerCaseHeaders()
            throws Exception
    {
        try (MockWebServer server = new MockWebServer()) {
            server.enqueue(new MockResponse.Builder().code(200).addHeader("X-MBX-USED-WEIGHT-1M", "12").body("{\"ok\":true}").build());
            server.enqueue(new MockResponse.Builder().code(503).body("busy").build());
            server.start();
            LiveRestTransport rest = new LiveRestTransport(client, metrics);

            RestResponse ok = rest.send(RestRequest.get(server.url("/api/v3/time").toString())).get(10, TimeUnit.SECONDS);
            RestResponse busy = rest.send(new RestRequest("POST", server.url("/api/v3/order").toString(), Map.of("Content-Type", "application/json"), "{\"a\":1}", 1))
                    .get(10, TimeUnit.SECONDS);

            assertEquals(200, ok.status());
            assertEquals("{\"ok\":true}", ok.body());
            assertEquals(List.of("12"), ok.headers().get("x-mbx-used-weight-1m"));
            assertTrue(ok.receivedNanos() > 0);
            assertEquals(503, busy.status(), "an error status is a response, not a failure");
            assertEquals("busy", busy.body());

            RecordedRequest get = server.takeRequest(10, TimeUnit.SECONDS);
            assertTrue(get.getHeaders().get("User-Agent").startsWith("marketpipe/"), get.getHeaders().get("User-Agent"));
            RecordedRequest post = server.takeRequest(10, TimeUnit.SECONDS);
            assertEquals("POST", post.getMethod());
            assertEquals("{\"a\":1}", post.getBody().utf8());
            assertEquals(2, metrics.count("rest.requests"));
            assertEquals(0, metrics.count("rest.failures"));
        }
    }

    @Test
    void restFailsWithIoExceptionWhenNoResponseArrives()
            throws Exception
    {
        String url = "http://" + addressNobodyListensOn() + "/api/v3/time";
        LiveRestTransport rest = new LiveRestTransport(client, metrics);

        ExecutionException thrown = assertThrows(ExecutionException.class, () -> rest.send(RestRequest.get(url)).get(10, TimeUnit.SECONDS));

        assertInstanceOf(IOException.class, thrown.getCause());
        assertEquals(1, metrics.count("rest.failures"));
    }

    @Test
    void webSocketDeliversFramesInOrderAndSends()
            throws Exception
    {
        LiveWebSocketTransport transport = new LiveWebSocketTransport(client, metrics);
        QueueingListener listener = new QueueingListener();
        long before = System.currentTimeMillis() * 1_000_000L;

        WebSocketConnection connection = transport.connect(venue.webSocketUrl(), listener);

        assertEquals("open", listener.next());
        assertEquals("text:hello", listener.next());
        assertTrue(listener.lastReceivedNanos() >= before, "receive time is epoch nanoseconds");
        for (int i = 1; i <= 3; i++) {
            assertTrue(connection.send("m" + i));
        }
        assertEquals("text:echo:m1", listener.next());
        assertEquals("text:echo:m2", listener.next());
        assertEquals("text:echo:m3", listener.next());

        connection.close(1000, "done");
        assertEquals("closed:1000", listener.next());
        assertFalse(connection.send("after close"));
        assertEquals(1, metrics.count("ws.connects"));
        assertEquals(3, metrics.count("ws.frames.sent"));
        assertEquals(4, metrics.count("ws.frames.received"));
    }

    @Test
    void aListenerHeldUpByAConsumerDoesNotHoldUpTheSocketReader()
    {
        HeldUpListener listener = new HeldUpListener(transportWithInboundBuffer(1000), 50);

        Await.until("every echo was read while the listener waits", () -> metrics.count("ws.frames.received") == 51);
        assertEquals(List.of(), listener.delivered, "the listener is still held up");
        assertEquals(0, metrics.count("ws.frames.delivered"), "a frame counts as delivered once the listener is done with it");
        listener.release();
        Await.until("every frame was delivered", () -> listener.delivered.size() == 51);
        Await.until("every frame was counted as delivered", () -> metrics.count("ws.frames.delivered") == 51);

        assertEquals("hello", listener.delivered.get(0));
        assertEquals(IntStream.rangeClosed(1, 50).mapToObj(i -> "echo:m" + i).toList(), listener.delivered.subList(1, 51), "in order");
        assertEquals(0, metrics.count("ws.inbound.overflows"));
        listener.connection.close(1000, "done");
    }

    @Test
    void aListenerTooFarBehindLosesTheConnectionWithTheCauseNamed()
            throws Exception
    {
        HeldUpListener listener = new HeldUpListener(transportWithInboundBuffer(5), 20);

        Await.until("the buffer overflowed", () -> metrics.count("ws.inbound.overflows") == 1);
        assertFalse(listener.connection.send("after the overflow"), "the connection is gone");
        listener.release();
        Throwable failure = listener.failures.poll(10, TimeUnit.SECONDS);

        assertInstanceOf(IOException.class, failure);
        assertTrue(failure.getMessage().contains("marketpipe.transport.websocket.inbound-buffer"), failure.getMessage());
        assertEquals("hello", listener.delivered.get(0));
        assertEquals(6, listener.delivered.size(), "the greeting and the four echoes buffered before the overflow, then nothing: " + listener.delivered);
        assertEquals(List.of(), List.copyOf(listener.failures), "one failure");
    }

    private LiveWebSocketTransport transportWithInboundBuffer(int events)
    {
        return new LiveWebSocketTransport(client, metrics, 0, null, events, System::nanoTime, MarketClock.SYSTEM);
    }

    /**
     * A listener that holds up every frame, as a connector publishing into a full consumer
     * would, until the test releases it.
     */
    private final class HeldUpListener
            implements WebSocketListener
    {
        private final CountDownLatch consumerFull = new CountDownLatch(1);
        private final List<String> delivered = new CopyOnWriteArrayList<>();
        private final BlockingQueue<Throwable> failures = new LinkedBlockingQueue<>();
        private final WebSocketConnection connection;

        /**
         * Connects to the echo venue, waits for its greeting to be read, then sends messages to echo.
         */
        HeldUpListener(LiveWebSocketTransport transport, int messages)
        {
            connection = transport.connect(venue.webSocketUrl(), this);
            Await.until("the greeting arrived", () -> metrics.count("ws.frames.received") == 1);
            for (int i = 1; i <= messages; i++) {
                connection.send("m" + i);
            }
        }

        void release()
        {
            consumerFull.countDown();
        }

        @Override
        public void onText(WebSocketConnection connection, String text, long receivedNanos)
        {
            try {
                consumerFull.await();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            delivered.add(text);
        }

        @Override
        public void onFailure(WebSocketConnection connection, Throwable failure)
        {
            failures.add(failure);
        }
    }

    @Test
    void webSocketToAClosedPortFails()
            throws Exception
    {
        QueueingListener listener = new QueueingListener();

        new LiveWebSocketTransport(client, metrics).connect("ws://" + addressNobodyListensOn() + "/ws", listener);

        assertTrue(listener.next().startsWith("failure:"));
        assertEquals(1, metrics.count("ws.failures"));
    }

    @Test
    void webSocketToAnInvalidUrlFailsThroughTheListener()
            throws Exception
    {
        QueueingListener listener = new QueueingListener();

        WebSocketConnection connection = new LiveWebSocketTransport(client, metrics).connect("stream.binance.com/ws", listener);

        assertEquals("failure:IllegalArgumentException", listener.next());
        assertFalse(connection.send("subscribe"));
    }

    @Test
    void outgoingMessagesArePacedNeverDropped()
            throws Exception
    {
        ManualClock clock = new ManualClock();
        ManualScheduler scheduler = new ManualScheduler(clock);
        LiveWebSocketTransport transport = new LiveWebSocketTransport(client, metrics, 2, scheduler, LiveWebSocketTransport.DEFAULT_INBOUND_BUFFER, clock, MarketClock.SYSTEM);
        QueueingListener listener = new QueueingListener();
        WebSocketConnection connection = transport.connect(venue.webSocketUrl(), listener);
        assertEquals("open", listener.next());

        for (int i = 1; i <= 5; i++) {
            assertTrue(connection.send("m" + i), "held back, not refused");
        }

        assertEquals(3, transport.queuedSends());
        assertEquals(3, metrics.count("ws.sends.queued"));
        assertEquals(2, metrics.count("ws.frames.sent"));
        assertEquals(List.of(TimeUnit.SECONDS.toNanos(1)), scheduler.pendingDelaysNanos());

        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();
        assertEquals(4, metrics.count("ws.frames.sent"));

        connection.close(1000, "done");
        assertFalse(connection.send("m6"), "closing: no new messages");
        clock.advance(Duration.ofSeconds(1));
        scheduler.runDue();

        for (int i = 1; i <= 5; i++) {
            assertEquals("m" + i, venue.nextReceived(), "every message arrives, in order, before the close");
        }
        assertEquals(5, metrics.count("ws.frames.sent"));
        assertEquals("text:hello", listener.next());
        for (int i = 1; i <= 5; i++) {
            assertEquals("text:echo:m" + i, listener.next());
        }
        assertEquals("closed:1000", listener.next());
    }

    /**
     * @return {@code host:port} of a loopback port that was just listened on and is closed again
     */
    private static String addressNobodyListensOn()
            throws IOException
    {
        try (MockWebServer server = new MockWebServer()) {
            server.start();
            return server.getHostName() + ":" + server.getPort();
        }
    }
}
