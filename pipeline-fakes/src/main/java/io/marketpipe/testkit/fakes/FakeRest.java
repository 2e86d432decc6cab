package io.marketpipe.testkit.fakes;

import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * A REST transport answering from canned responses, queued per URL fragment and answered in
 * order; the last answer of a queue repeats. Unmatched requests get 404. With
 * {@link #holdResponses()} the futures stay pending until the test completes them.
 */
public final class FakeRest
        implements RestTransport
{
    private final Map<String, Queue<RestResponse>> answers = new LinkedHashMap<>();
    private final List<RestRequest> requests = new ArrayList<>();
    private final List<CompletableFuture<RestResponse>> held = new ArrayList<>();
    private final List<RestResponse> heldAnswers = new ArrayList<>();
    private boolean hold;

    /**
     * Queues responses for requests whose URL contains {@code urlFragment}.
     */
    public synchronized FakeRest answer(String urlFragment, RestResponse... responses)
    {
        Queue<RestResponse> queue = answers.computeIfAbsent(urlFragment, ignored -> new ArrayDeque<>());
        queue.addAll(List.of(responses));
        return this;
    }

    public synchronized FakeRest answer(String urlFragment, String body)
    {
        return answer(urlFragment, ok(body));
    }

    public synchronized void holdResponses()
    {
        hold = true;
    }

    /**
     * Completes the oldest held request with its answer.
     */
    public void releaseNext()
    {
        CompletableFuture<RestResponse> future;
        RestResponse response;
        synchronized (this) {
            if (held.isEmpty()) {
                throw new AssertionError("no request is held");
            }
            future = held.remove(0);
            response = heldAnswers.remove(0);
        }
        future.complete(response);
    }

    public synchronized int heldCount()
    {
        return held.size();
    }

    @Override
    public CompletableFuture<RestResponse> send(RestRequest request)
    {
        RestResponse response;
        synchronized (this) {
            requests.add(request);
            response = new RestResponse(404, Map.of(), "no canned answer for " + request.url(), 0);
            for (Map.Entry<String, Queue<RestResponse>> entry : answers.entrySet()) {
                if (request.url().contains(entry.getKey())) {
                    Queue<RestResponse> queue = entry.getValue();
                    response = queue.size() > 1 ? queue.poll() : queue.peek();
                    break;
                }
            }
            if (hold) {
                CompletableFuture<RestResponse> future = new CompletableFuture<>();
                held.add(future);
                heldAnswers.add(response);
                return future;
            }
        }
        return CompletableFuture.completedFuture(response);
    }

    public synchronized List<RestRequest> requests()
    {
        return List.copyOf(requests);
    }

    public synchronized List<String> urls()
    {
        return requests.stream().map(RestRequest::url).toList();
    }

    public static RestResponse ok(String body)
    {
        return new RestResponse(200, Map.of(), body, 5_000_000_000L);
    }

    public static RestResponse status(int status, Map<String, List<String>> headers, String body)
    {
        return new RestResponse(status, headers, body, 5_000_000_000L);
    }
}
