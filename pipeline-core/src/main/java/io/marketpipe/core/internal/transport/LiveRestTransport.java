package io.marketpipe.core.internal.transport;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_FAILURES;
import static io.marketpipe.core.internal.transport.TransportMetricNames.REST_REQUESTS;
import static java.util.Objects.requireNonNull;

/**
 * Sends REST requests with OkHttp's asynchronous calls. Every status completes the future
 * normally; only a missing response (connect failure, timeout, reset) completes it exceptionally.
 * Timeouts are those of the client passed in.
 */
public final class LiveRestTransport
        implements RestTransport
{
    private final OkHttpClient client;
    private final MarketClock clock;
    private final Metrics.Counter requests;
    private final Metrics.Counter failures;

    public LiveRestTransport(OkHttpClient client, Metrics metrics)
    {
        this(client, metrics, MarketClock.SYSTEM);
    }

    public LiveRestTransport(OkHttpClient client, Metrics metrics, MarketClock clock)
    {
        this.client = requireNonNull(client, "client is null");
        this.clock = requireNonNull(clock, "clock is null");
        requireNonNull(metrics, "metrics is null");
        this.requests = metrics.counter(REST_REQUESTS);
        this.failures = metrics.counter(REST_FAILURES);
    }

    @Override
    public CompletableFuture<RestResponse> send(RestRequest request)
    {
        CompletableFuture<RestResponse> result = new CompletableFuture<>();
        Request httpRequest;
        try {
            httpRequest = toHttpRequest(request);
        }
        catch (IllegalArgumentException e) {
            failures.inc();
            result.completeExceptionally(new IOException("invalid request " + request.method() + " " + request.url() + ": " + e.getMessage(), e));
            return result;
        }
        requests.inc();
        client.newCall(httpRequest).enqueue(new Callback()
        {
            @Override
            public void onResponse(Call call, Response response)
            {
                try (response) {
                    String body = response.body().string();
                    result.complete(new RestResponse(response.code(), response.headers().toMultimap(), body, clock.nowNanos()));
                }
                catch (IOException e) {
                    failures.inc();
                    result.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Call call, IOException e)
            {
                failures.inc();
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static Request toHttpRequest(RestRequest request)
    {
        Request.Builder builder = new Request.Builder().url(request.url());
        String contentType = null;
        for (Map.Entry<String, String> header : request.headers().entrySet()) {
            builder.header(header.getKey(), header.getValue());
            if (header.getKey().equalsIgnoreCase("Content-Type")) {
                contentType = header.getValue();
            }
        }
        RequestBody body = null;
        if (request.body() != null) {
            body = RequestBody.create(request.body(), contentType == null ? null : MediaType.parse(contentType));
        }
        else if (requiresBody(request.method())) {
            body = RequestBody.create(new byte[0]);
        }
        return builder.method(request.method(), body).build();
    }

    private static boolean requiresBody(String method)
    {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
