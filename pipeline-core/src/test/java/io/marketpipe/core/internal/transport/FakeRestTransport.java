package io.marketpipe.core.internal.transport;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A REST transport whose responses the test hands out: each request gets the next prepared
 * response (200 "ok" when none is prepared).
 */
final class FakeRestTransport
        implements RestTransport
{
    private final List<RestRequest> requests = new ArrayList<>();
    private final List<CompletableFuture<RestResponse>> prepared = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<RestResponse> send(RestRequest request)
    {
        requests.add(request);
        if (prepared.isEmpty()) {
            return CompletableFuture.completedFuture(new RestResponse(200, Map.of(), "ok", 0));
        }
        return prepared.remove(0);
    }

    synchronized void prepare(CompletableFuture<RestResponse> response)
    {
        prepared.add(response);
    }

    synchronized void prepare(RestResponse response)
    {
        prepared.add(CompletableFuture.completedFuture(response));
    }

    synchronized List<String> urls()
    {
        return requests.stream().map(RestRequest::url).toList();
    }
}
