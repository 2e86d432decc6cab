package io.marketpipe.testkit.venue;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.api.transport.WebSocketTransport;
import io.marketpipe.core.PipelineParts;
import okhttp3.OkHttpClient;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of fake venues for a test class: one OkHttp client under the core's live transports,
 * as a connector talks to a venue; {@link #close} after the class.
 */
final class LoopbackClient
        implements AutoCloseable
{
    private final OkHttpClient client;
    private final WebSocketTransport webSockets;
    private final RestTransport rest;

    LoopbackClient(Duration readTimeout)
    {
        this.client = new OkHttpClient.Builder().readTimeout(readTimeout).build();
        this.webSockets = PipelineParts.webSockets(client, Metrics.NOOP);
        this.rest = PipelineParts.rest(client, Metrics.NOOP);
    }

    /**
     * Opens a WebSocket that records what it receives and sends the messages once open.
     */
    RecordingClient connect(String url, String... onOpenMessages)
    {
        return RecordingClient.connect(webSockets, url, onOpenMessages);
    }

    CompletableFuture<RestResponse> send(RestRequest request)
    {
        return rest.send(request);
    }

    RestResponse get(String url)
            throws InterruptedException, ExecutionException, TimeoutException
    {
        return send(RestRequest.get(url)).get(30, TimeUnit.SECONDS);
    }

    @Override
    public void close()
    {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
