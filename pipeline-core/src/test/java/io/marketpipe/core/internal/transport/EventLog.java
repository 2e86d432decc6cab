package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static java.util.Objects.requireNonNull;

/**
 * A WebSocket listener that writes down what happened to its connection, one string per
 * callback: {@code open}, {@code text:<frame>}, {@code closed:<code>:<reason>}, {@code failure}.
 */
class EventLog
        implements WebSocketListener
{
    private final List<String> events = new ArrayList<>();
    private final List<Long> receivedNanos = new ArrayList<>();
    private final Consumer<WebSocketConnection> afterText;

    EventLog()
    {
        this(connection -> {});
    }

    /**
     * @param afterText what to do with the connection once a text frame is written down
     */
    EventLog(Consumer<WebSocketConnection> afterText)
    {
        this.afterText = requireNonNull(afterText, "afterText is null");
    }

    @Override
    public synchronized void onOpen(WebSocketConnection connection)
    {
        events.add("open");
    }

    @Override
    public void onText(WebSocketConnection connection, String text, long receivedNanos)
    {
        synchronized (this) {
            events.add("text:" + text);
            this.receivedNanos.add(receivedNanos);
        }
        afterText.accept(connection);
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
