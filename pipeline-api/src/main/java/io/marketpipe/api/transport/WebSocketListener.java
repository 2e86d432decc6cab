package io.marketpipe.api.transport;

/**
 * Receives the events of one WebSocket connection. Callbacks for one connection are never
 * concurrent. A listener should not block: long work belongs on another thread.
 *
 * @since 0.1
 */
public interface WebSocketListener
{
    /**
     * The connection is open and {@code send} may be used.
     */
    default void onOpen(WebSocketConnection connection)
    {
    }

    /**
     * A text frame arrived.
     *
     * @param receivedNanos the local receive time in epoch nanoseconds (the recorded time in replay)
     */
    void onText(WebSocketConnection connection, String text, long receivedNanos);

    /**
     * The connection closed, by either side, with a close frame.
     */
    default void onClosed(WebSocketConnection connection, int code, String reason)
    {
    }

    /**
     * The connection failed or dropped without a close frame; no further callbacks follow.
     */
    default void onFailure(WebSocketConnection connection, Throwable failure)
    {
    }
}
