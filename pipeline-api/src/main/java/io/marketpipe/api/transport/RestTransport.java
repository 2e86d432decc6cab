package io.marketpipe.api.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Sends REST requests on behalf of a connector. The runtime's implementation may be live,
 * recording or replaying, and applies the venue's rate limit (by {@link RestRequest#weight()})
 * shared by every caller of that venue.
 *
 * <p>In replay the returned future is already complete, so a connector that chains with
 * non-async methods ({@code thenAccept}) stays deterministic.
 *
 * @since 0.1
 */
public interface RestTransport
{
    /**
     * @return a future completed with the response (any status), or exceptionally with an
     *         {@link java.io.IOException} when no response arrived
     */
    CompletableFuture<RestResponse> send(RestRequest request);
}
