package io.marketpipe.core.internal.aggregate;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The connection state of every source as its status events report it. Thread-safe.
 */
final class SourceConnections
{
    private final Map<String, String> disconnected = new ConcurrentHashMap<>();
    private final Map<String, Long> reconnected = new ConcurrentHashMap<>();

    /**
     * @param atNanos when the source reported it; after a disconnect, its data from before counts no more
     */
    void connected(String source, long atNanos)
    {
        if (disconnected.remove(source) != null) {
            reconnected.put(source, atNanos);
        }
    }

    void disconnected(String source, String reason)
    {
        disconnected.put(source, reason);
    }

    /**
     * @return the reason the source reported for its disconnect, or null while it is connected
     *         (or has not said)
     */
    String disconnectReason(String source)
    {
        return disconnected.get(source);
    }

    /**
     * @return when the source last connected again after a disconnect, epoch ns, or 0 if it never has
     */
    long reconnectedNanos(String source)
    {
        return reconnected.getOrDefault(source, 0L);
    }
}
