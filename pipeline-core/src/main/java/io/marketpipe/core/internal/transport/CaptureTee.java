package io.marketpipe.core.internal.transport;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import static io.marketpipe.core.internal.transport.TransportMetricNames.CAPTURE_WRITE_FAILURES;
import static java.util.Objects.requireNonNull;

/**
 * Appends lines to a capture without ever failing the live traffic it records: a write error is
 * counted and logged once, and the connector carries on.
 */
final class CaptureTee
{
    private static final Logger log = LoggerFactory.getLogger(CaptureTee.class);

    private final CaptureWriter writer;
    private final Metrics.Counter failureCounter;
    private final AtomicLong failures = new AtomicLong();

    CaptureTee(CaptureWriter writer, Metrics metrics)
    {
        this.writer = requireNonNull(writer, "writer is null");
        this.failureCounter = requireNonNull(metrics, "metrics is null").counter(CAPTURE_WRITE_FAILURES);
    }

    void write(CaptureLine line)
    {
        try {
            writer.write(line);
        }
        catch (IOException e) {
            if (writer.isClosed()) {
                // frames still in flight while the session shuts down; the recording has ended
                return;
            }
            failureCounter.inc();
            if (failures.getAndIncrement() == 0) {
                log.warn("cannot write to the capture; recording continues without the lines that fail", e);
            }
        }
    }

    long failures()
    {
        return failures.get();
    }
}
