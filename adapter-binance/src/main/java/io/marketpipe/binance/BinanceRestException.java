package io.marketpipe.binance;

/**
 * Binance answered a REST request with an error status, after any retries the status allows.
 */
final class BinanceRestException
        extends RuntimeException
{
    private final int status;

    BinanceRestException(String url, int status, String body)
    {
        super("GET " + url + " answered " + status + (body.isBlank() ? "" : ": " + excerpt(body)));
        this.status = status;
    }

    int status()
    {
        return status;
    }

    private static String excerpt(String body)
    {
        String line = body.strip().replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
