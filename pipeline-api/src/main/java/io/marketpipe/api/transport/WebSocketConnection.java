package io.marketpipe.api.transport;

/**
 * One WebSocket connection opened through a {@link WebSocketTransport}.
 *
 * @since 0.1
 */
public interface WebSocketConnection
{
    /**
     * @return the URL the connection was opened to
     */
    String url();

    /**
     * Queues a text frame. The transport may pace outgoing messages to the venue's limit.
     *
     * @return false when the connection is closed or closing and the frame was not queued
     */
    boolean send(String text);

    /**
     * Starts a graceful close; {@link WebSocketListener#onClosed} follows.
     */
    void close(int code, String reason);

    /**
     * Drops the connection at once without a close handshake (used on a half-open connection).
     */
    void cancel();
}
