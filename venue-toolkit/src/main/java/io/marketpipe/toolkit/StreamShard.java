package io.marketpipe.toolkit;

import io.marketpipe.api.model.Instrument;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The streams and instruments of one WebSocket connection.
 *
 * @param index the connection's position, for names in logs and status events
 * @param url the URL to connect to
 * @param instruments the instruments whose data the connection carries; their books are
 *        invalidated when it drops
 * @param streams the venue's names of the streams the connection carries, as the protocol's
 *        subscribe messages and {@link StreamConnection#streamActive} name them
 */
public record StreamShard(int index, String url, List<Instrument> instruments, List<String> streams)
{
    public StreamShard
    {
        requireNonNull(url, "url is null");
        instruments = List.copyOf(instruments);
        streams = List.copyOf(streams);
    }
}
