package io.marketpipe.core.internal.transport;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A fake venue on loopback: {@code /ws} upgrades to a WebSocket that greets with "hello" and
 * answers every message with "echo:" + message; {@code /api/...} answers 200 with a body naming
 * the request target.
 */
final class EchoServer
        implements Closeable
{
    private final MockWebServer server = new MockWebServer();
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();

    EchoServer()
            throws IOException
    {
        server.setDispatcher(new Dispatcher()
        {
            @Override
            public MockResponse dispatch(RecordedRequest request)
            {
                if (request.getUrl().encodedPath().equals("/ws")) {
                    return new MockResponse.Builder().webSocketUpgrade(new Echo()).build();
                }
                return new MockResponse.Builder()
                        .code(200)
                        .addHeader("X-MBX-USED-WEIGHT-1M", "5")
                        .body("{\"target\":\"" + request.getTarget() + "\"}")
                        .build();
            }
        });
        server.start();
    }

    String webSocketUrl()
    {
        return "ws://" + server.getHostName() + ":" + server.getPort() + "/ws";
    }

    String url(String pathAndQuery)
    {
        return "http://" + server.getHostName() + ":" + server.getPort() + pathAndQuery;
    }

    /**
     * @return the next message the server received
     */
    String nextReceived()
            throws InterruptedException
    {
        String message = received.poll(10, TimeUnit.SECONDS);
        assertNotNull(message, "the server received nothing within 10 s");
        return message;
    }

    @Override
    public void close()
    {
        server.close();
    }

    private final class Echo
            extends WebSocketListener
    {
        @Override
        public void onOpen(WebSocket webSocket, okhttp3.Response response)
        {
            webSocket.send("hello");
        }

        @Override
        public void onMessage(WebSocket webSocket, String text)
        {
            received.add(text);
            webSocket.send("echo:" + text);
        }

        @Override
        public void onClosing(WebSocket webSocket, int code, String reason)
        {
            webSocket.close(code, reason);
        }
    }
}
