package io.marketpipe.toolkit;

/**
 * A venue answered a REST request with an error status, after any retries the status allows.
 */
public final class VenueRestException
        extends RuntimeException
{
    private final int status;
    private final String body;

    public VenueRestException(String method, String url, int status, String body)
    {
        super(method + " " + url + " answered " + status + (body.isBlank() ? "" : ": " + excerpt(body)));
        this.status = status;
        this.body = body;
    }

    /**
     * @return the HTTP status
     */
    public int status()
    {
        return status;
    }

    /**
     * @return the response body, for venues whose error bodies say more than the status
     */
    public String body()
    {
        return body;
    }

    /**
     * @return true for a status that may pass: a server error or a throttle
     */
    public boolean retryable()
    {
        return status >= 500 || status == 429 || status == 418;
    }

    private static String excerpt(String body)
    {
        String line = body.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
