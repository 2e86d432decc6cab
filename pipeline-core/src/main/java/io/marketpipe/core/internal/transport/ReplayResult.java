package io.marketpipe.core.internal.transport;

import java.util.List;

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
 * @param damagedLines lines of the capture that could not be read: invalid lines, which were
 *        skipped, and an abrupt end of the file, after which nothing more was read
 * @param truncated true when the capture ended abruptly, so its end was not replayed
 * @param damage what was wrong, naming the file and line (the first few)
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
        long damagedLines,
        boolean truncated,
        List<String> damage,
        long elapsedNanos,
        boolean stopped)
{
    public ReplayResult
    {
        damage = List.copyOf(damage);
    }
}
