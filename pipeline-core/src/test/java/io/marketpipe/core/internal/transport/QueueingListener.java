package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * A listener for live connections whose events a test awaits one by one, with a bounded wait.
 */
class QueueingListener
        implements WebSocketListener
{
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private volatile long lastReceivedNanos;

    @Override
    public void onOpen(WebSocketConnection connection)
    {
        events.add("open");
    }

    @Override
    public void onText(WebSocketConnection connection, String text, long receivedNanos)
    {
        lastReceivedNanos = receivedNanos;
        events.add("text:" + text);
    }

    @Override
    public void onClosed(WebSocketConnection connection, int code, String reason)
    {
        events.add("closed:" + code);
    }

    @Override
    public void onFailure(WebSocketConnection connection, Throwable failure)
    {
        events.add("failure:" + failure.getClass().getSimpleName());
    }

    String next()
            throws InterruptedException
    {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertNotNull(event, "no WebSocket event within 10 s");
        return event;
    }

    long lastReceivedNanos()
    {
        return lastReceivedNanos;
    }
}
