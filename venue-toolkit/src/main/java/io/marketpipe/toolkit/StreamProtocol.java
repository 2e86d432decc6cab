package io.marketpipe.toolkit;

import java.util.List;

/**
 * The venue's side of a stream connection: what to send when a connection opens, how to keep it
 * alive and resubscribe, and how to handle each frame. The {@link StreamSupervisor} runs
 * everything else: connecting, backoff with jitter, the circuit breaker, watchdogs, rotation,
 * decode-error counting and status events.
 *
 * <p>Calls for one connection are never concurrent; calls for different connections may be.
 */
public interface StreamProtocol
{
    /**
     * @return the messages that subscribe the shard's streams, sent in order as soon as the
     *         connection opens (none when the URL itself names the streams)
     */
    default List<String> subscribe(StreamShard shard)
    {
        return List.of();
    }

    /**
     * @return the messages that unsubscribe and subscribe again streams gone quiet
     */
    default List<String> resubscribe(StreamShard shard, List<String> streams)
    {
        return List.of();
    }

    /**
     * @return a message a live connection answers, sent when the connection has been silent for
     *         half of {@code stale-after} (the venue's application-level ping); null when the venue
     *         has none, and silence alone decides
     */
    default String probe()
    {
        return null;
    }

    /**
     * Handles one frame.
     *
     * @throws DecodeException when the frame is not what the venue documents; counted and
     *         reported by the supervisor, and the connection goes on
     */
    void frame(StreamConnection connection, String text, long receivedNanos)
            throws DecodeException;

    /**
     * The connection opened and its subscribe messages are queued.
     */
    default void connected(StreamShard shard)
    {
    }

    /**
     * The connection dropped or was replaced: what was learned on it (books) is no longer current.
     */
    default void disconnected(StreamShard shard, String reason)
    {
    }
}
