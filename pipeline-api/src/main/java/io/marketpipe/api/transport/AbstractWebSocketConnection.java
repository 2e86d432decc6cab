package io.marketpipe.api.transport;

import static java.util.Objects.requireNonNull;

/**
 * A skeletal {@link WebSocketConnection} for transports: it keeps the URL, refuses a null message
 * and refuses every message once the connection is closing, so that an implementation writes
 * only how a message goes out ({@link #transmit}) and when it stops going out ({@link #closing()}).
 */
public abstract class AbstractWebSocketConnection
        implements WebSocketConnection
{
    private final String url;

    protected AbstractWebSocketConnection(String url)
    {
        this.url = requireNonNull(url, "url is null");
    }

    @Override
    public final String url()
    {
        return url;
    }

    @Override
    public final boolean send(String text)
    {
        requireNonNull(text, "text is null");
        return !closing() && transmit(text);
    }

    /**
     * @return true once {@link #close} or {@link #cancel} was called or the connection ended:
     *         no message goes out any more
     */
    protected abstract boolean closing();

    /**
     * Sends a message on a connection that is not closing.
     *
     * @return false when the message cannot be sent
     */
    protected abstract boolean transmit(String text);

    @Override
    public String toString()
    {
        return "WebSocket " + url;
    }
}
