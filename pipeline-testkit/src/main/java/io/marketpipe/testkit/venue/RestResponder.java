package io.marketpipe.testkit.venue;

import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Answers REST requests of a {@link FakeVenue} in code, for responses a recording cannot hold:
 * a snapshot that matches the synthesized stream, trades by id for a backfill. Consulted before
 * the recorded responses; called on the venue's server threads, so it must be thread-safe.
 */
@FunctionalInterface
public interface RestResponder
{
    /**
     * @param method the HTTP method
     * @param target the request target: path and query
     * @return the answer, or empty to fall through to the recorded responses
     */
    Optional<Reply> respond(String method, String target);

    /**
     * A response.
     *
     * @param status the HTTP status
     * @param body the body text
     * @param headers extra response headers
     */
    record Reply(int status, String body, Map<String, String> headers)
    {
        public Reply
        {
            requireNonNull(body, "body is null");
            headers = Map.copyOf(headers);
        }

        /**
         * @return a 200 response with a JSON body
         */
        public static Reply json(String body)
        {
            return new Reply(200, body, Map.of("Content-Type", "application/json"));
        }
    }
}
