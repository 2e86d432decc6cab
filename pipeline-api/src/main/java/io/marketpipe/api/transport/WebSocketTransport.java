package io.marketpipe.api.transport;

import java.util.Map;

/**
 * Opens WebSocket connections on behalf of a connector. The runtime's implementation may be
 * live, recording (live plus a capture file) or replaying a capture.
 *
 * <p>Protocol-level ping frames are answered by the transport. Callbacks for one connection
 * arrive on one thread at a time, in order.
 *
 * @since 0.1
 */
public interface WebSocketTransport
{
    /**
     * Starts connecting; {@link WebSocketListener#onOpen} follows on success,
     * {@link WebSocketListener#onFailure} otherwise.
     *
     * @param url the full {@code ws://} or {@code wss://} URL
     * @param headers extra request headers; may be empty
     * @param listener receives the connection's events
     * @return the connection handle, usable for {@code send} once open
     */
    WebSocketConnection connect(String url, Map<String, String> headers, WebSocketListener listener);

    /**
     * Same as {@link #connect(String, Map, WebSocketListener)} with no extra headers.
     */
    default WebSocketConnection connect(String url, WebSocketListener listener)
    {
        return connect(url, Map.of(), listener);
    }
}
