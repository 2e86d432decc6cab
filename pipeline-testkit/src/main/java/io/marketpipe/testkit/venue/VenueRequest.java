package io.marketpipe.testkit.venue;

import static java.util.Objects.requireNonNull;

/**
 * A REST request a {@link FakeVenue} received, and the status it answered.
 *
 * @param method the HTTP method
 * @param target the request target: path and query, e.g. {@code /api/v3/depth?symbol=BTCUSDT&limit=5000}
 * @param status the status of the answer
 */
public record VenueRequest(String method, String target, int status)
{
    public VenueRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(target, "target is null");
    }

    @Override
    public String toString()
    {
        return method + " " + target + " -> " + status;
    }
}
