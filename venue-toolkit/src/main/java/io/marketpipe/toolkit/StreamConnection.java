package io.marketpipe.toolkit;

/**
 * What a {@link StreamProtocol} may do with the connection a frame arrived on. Valid only for the
 * connection attempt that delivered the frame: once the connection was replaced, every call is
 * ignored.
 */
public interface StreamConnection
{
    /**
     * @return the shard this connection serves
     */
    StreamShard shard();

    /**
     * Queues a text frame; the transport paces outgoing messages to the venue's limit.
     *
     * @return false when the connection is gone and the frame was not queued
     */
    boolean send(String text);

    /**
     * Tells the stream watchdog that a stream delivered data. Streams never named here are
     * not watched.
     */
    void streamActive(String stream);

    /**
     * Sends the protocol's resubscribe messages for the given streams, e.g. to get a fresh book
     * snapshot after a checksum mismatch.
     */
    void resubscribe(java.util.List<String> streams, String reason);

    /**
     * Opens a new connection in place of this healthy one, e.g. when the venue announces a
     * shutdown.
     */
    void replace(String reason);
}
