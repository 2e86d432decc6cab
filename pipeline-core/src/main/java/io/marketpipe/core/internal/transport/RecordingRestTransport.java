package io.marketpipe.core.internal.transport;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.transport.RestRequest;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.api.transport.RestTransport;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static java.util.Objects.requireNonNull;

/**
 * Tees every REST exchange of another {@link RestTransport} into a capture as a {@code rest}
 * line (method, URL, status, verbatim body, receive time), written before the caller sees the
 * response. Requests that got no response are not recorded.
 */
public final class RecordingRestTransport
        implements RestTransport
{
    private final RestTransport delegate;
    private final CaptureTee tee;

    public RecordingRestTransport(RestTransport delegate, CaptureWriter writer)
    {
        this(delegate, writer, Metrics.NOOP);
    }

    public RecordingRestTransport(RestTransport delegate, CaptureWriter writer, Metrics metrics)
    {
        this.delegate = requireNonNull(delegate, "delegate is null");
        this.tee = new CaptureTee(writer, metrics);
    }

    /**
     * @return how many capture lines could not be written
     */
    public long writeFailures()
    {
        return tee.failures();
    }

    @Override
    public CompletableFuture<RestResponse> send(RestRequest request)
    {
        CompletableFuture<RestResponse> result = new CompletableFuture<>();
        delegate.send(request).whenComplete((response, failure) -> {
            if (failure != null) {
                result.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure);
                return;
            }
            tee.write(CaptureLine.rest(response.receivedNanos(), request.method(), request.url(), response.status(), response.body()));
            result.complete(response);
        });
        return result;
    }
}
