package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;

import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket listener that writes down what happened to its connection, one string per
 * callback: {@code open}, {@code text:<frame>}, {@code closed:<code>:<reason>}, {@code failure}.
 */
class EventLog
        implements WebSocketListener
{
    private final List<String> events = new ArrayList<>();
    private final List<Long> receivedNanos = new ArrayList<>();

    @Override
    public synchronized void onOpen(WebSocketConnection connection)
    {
        events.add("open");
    }

    @Override
    public synchronized void onText(WebSocketConnection connection, String text, long receivedNanos)
    {
        events.add("text:" + text);
        this.receivedNanos.add(receivedNanos);
    }

    @Override
    public synchronized void onClosed(WebSocketConnection connection, int code, String reason)
    {
        events.add("closed:" + code + ":" + reason);
    }

    @Override
    public synchronized void onFailure(WebSocketConnection connection, Throwable failure)
    {
        events.add("failure");
    }

    synchronized List<String> events()
    {
        return List.copyOf(events);
    }

    synchronized List<Long> receivedNanos()
    {
        return List.copyOf(receivedNanos);
    }
}
