package io.marketpipe.testkit.venue;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * What a {@link FakeVenue} saw of one WebSocket connection, as of the moment it was asked.
 *
 * @param number the connection's number, from 0 in order of connection
 * @param target the request target of the upgrade: path and query, e.g.
 *        {@code /stream?streams=btcusdt@trade}
 * @param received the text messages the client sent (subscriptions), in order
 * @param framesSent the frames the venue sent on it, injected garbage included
 * @param open whether the connection is still open
 */
public record VenueConnection(int number, String target, List<String> received, long framesSent, boolean open)
{
    public VenueConnection
    {
        requireNonNull(target, "target is null");
        received = List.copyOf(received);
    }
}
