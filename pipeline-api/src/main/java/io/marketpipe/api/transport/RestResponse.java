package io.marketpipe.api.transport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * A REST response. Header names are lower case.
 *
 * @param status the HTTP status code
 * @param headers response headers, names in lower case
 * @param body the response body text
 * @param receivedNanos the local receive time in epoch nanoseconds (recorded time in replay)
 * @since 0.1
 */
public record RestResponse(int status, Map<String, List<String>> headers, String body, long receivedNanos)
{
    public RestResponse
    {
        requireNonNull(headers, "headers is null");
        requireNonNull(body, "body is null");
        headers = Map.copyOf(headers);
    }

    /**
     * @return true for a 2xx status
     */
    public boolean isSuccessful()
    {
        return status >= 200 && status < 300;
    }

    /**
     * @return the first value of the header, matched case-insensitively
     */
    public Optional<String> header(String name)
    {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }
}
