package io.marketpipe.core.transport;

/**
 * What a {@link ReplayTransport#run()} did.
 *
 * @param framesReplayed {@code recv} lines delivered to a connection's listener
 * @param unroutedFrames {@code recv} lines skipped because no open connection could take them
 *        (none opened yet, or the connection they map to was closed by the connector)
 * @param messagesSent messages the connector sent (accepted and discarded)
 * @param connections connections the connector opened
 * @param restAnswered REST requests answered from a recorded response
 * @param restRepeated of those, answers that repeated a group's last recorded response
 * @param restUnmatched REST requests without a recorded response (answered 404)
 * @param listenerErrors frames whose listener threw; the replay went on
 * @param elapsedNanos wall time of the run
 * @param stopped true when {@link ReplayTransport#stop()} ended the run early
 */
public record ReplayResult(
        long framesReplayed,
        long unroutedFrames,
        long messagesSent,
        long connections,
        long restAnswered,
        long restRepeated,
        long restUnmatched,
        long listenerErrors,
        long elapsedNanos,
        boolean stopped)
{
}
