package io.marketpipe.testkit.venue;

import io.marketpipe.api.transport.WebSocketConnection;
import io.marketpipe.api.transport.WebSocketListener;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.testkit.Await;

import java.util.ArrayList;
import java.util.List;

/**
 * A WebSocket client for the fake venue's tests: connects through a core transport, sends its
 * messages once open, and records what happens to the connection.
 */
final class RecordingClient
        implements WebSocketListener
{
    private final List<String> onOpenMessages;
    private final List<String> texts = new ArrayList<>();
    private volatile String closed;
    private volatile Throwable failure;
    private volatile WebSocketConnection connection;

    private RecordingClient(List<String> onOpenMessages)
    {
        this.onOpenMessages = onOpenMessages;
    }

    static RecordingClient connect(WebSocketTransport transport, String url, String... onOpenMessages)
    {
        RecordingClient client = new RecordingClient(List.of(onOpenMessages));
        transport.connect(url, client);
        return client;
    }

    @Override
    public void onOpen(WebSocketConnection connection)
    {
        this.connection = connection;
        onOpenMessages.forEach(connection::send);
    }

    void send(String text)
    {
        Await.until("the connection is open", () -> connection != null);
        connection.send(text);
    }

    @Override
    public void onText(WebSocketConnection connection, String text, long receivedNanos)
    {
        synchronized (texts) {
            texts.add(text);
        }
    }

    @Override
    public void onClosed(WebSocketConnection connection, int code, String reason)
    {
        closed = code + " " + reason;
    }

    @Override
    public void onFailure(WebSocketConnection connection, Throwable failure)
    {
        this.failure = failure;
    }

    List<String> texts()
    {
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /**
     * @return the close code and reason, or null while not closed
     */
    String closed()
    {
        return closed;
    }

    Throwable failure()
    {
        return failure;
    }

    List<String> awaitTexts(int count)
    {
        Await.until("the client received " + count + " frames", () -> texts().size() >= count, this::texts);
        return texts();
    }

    void awaitFailure()
    {
        Await.until("the client saw the connection fail", () -> failure != null, this::texts);
    }
}
