package io.marketpipe.api.transport;

import java.util.List;
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

    /**
     * The requests whose responses a replaying transport holds, in recorded order; empty for a live
     * transport. A polled source replays by sending each of them once, in this order (a request
     * may pass over those it has no use for): every recorded response then reaches it once, in
     * recorded order, whatever the query parameters of the requests it makes live.
     *
     * @return the recorded requests, oldest first; empty when not replaying
     * @since 0.3
     */
    default List<RestRequest> recordedRequests()
    {
        return List.of();
    }
}
