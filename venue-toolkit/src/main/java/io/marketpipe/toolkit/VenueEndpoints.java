package io.marketpipe.toolkit;

import static java.util.Objects.requireNonNull;

/**
 * Where a venue serves its streams and its REST API: its production endpoints, or the ones a
 * configuration names instead ({@link VenueSettings#endpoints}), such as a testnet or a fake venue.
 *
 * @param webSocketUrl the WebSocket base URL, without a trailing slash
 * @param restUrl the REST base URL, without a trailing slash
 */
public record VenueEndpoints(String webSocketUrl, String restUrl)
{
    public VenueEndpoints
    {
        requireNonNull(webSocketUrl, "webSocketUrl is null");
        requireNonNull(restUrl, "restUrl is null");
    }
}
