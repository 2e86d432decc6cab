package io.marketpipe.api.transport;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A REST request made through a {@link RestTransport}.
 *
 * @param method the HTTP method, e.g. {@code GET}
 * @param url the full URL including the query string
 * @param headers extra request headers; may be empty
 * @param body the request body, or null
 * @param weight the request's cost against the venue's rate limit (Binance request weight);
 *        1 for venues that count requests
 * @since 0.1
 */
public record RestRequest(String method, String url, Map<String, String> headers, String body, int weight)
{
    public RestRequest
    {
        requireNonNull(method, "method is null");
        requireNonNull(url, "url is null");
        headers = Map.copyOf(headers);
        if (weight < 0) {
            throw new IllegalArgumentException("weight is negative: " + weight);
        }
    }

    /**
     * @return a GET request of weight 1 and no extra headers
     */
    public static RestRequest get(String url)
    {
        return new RestRequest("GET", url, Map.of(), null, 1);
    }

    /**
     * @return a GET request of the given weight
     */
    public static RestRequest get(String url, int weight)
    {
        return new RestRequest("GET", url, Map.of(), null, weight);
    }
}
