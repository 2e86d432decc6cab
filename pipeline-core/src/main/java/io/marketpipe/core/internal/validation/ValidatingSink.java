package io.marketpipe.core.internal.validation;

import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * Passes a connector's valid events on and replaces each invalid one with a {@code rejected}
 * {@link SourceStatus} whose reason names what was wrong, counting it as
 * {@code validation.rejected.<reason>}.
 */
public final class ValidatingSink
        implements EventSink
{
    private final String source;
    private final EventValidator validator;
    private final EventSink downstream;
    private final Map<Rejection, Metrics.Counter> rejected = new EnumMap<>(Rejection.class);

    /**
     * @param source the connector instance name, for status events
     */
    public ValidatingSink(String source, EventValidator validator, EventSink downstream, Metrics metrics)
    {
        this.source = requireNonNull(source, "source is null");
        this.validator = requireNonNull(validator, "validator is null");
        this.downstream = requireNonNull(downstream, "downstream is null");
        requireNonNull(metrics, "metrics is null");
        for (Rejection rejection : Rejection.values()) {
            rejected.put(rejection, metrics.counter("validation.rejected." + rejection.metricName()));
        }
    }

    @Override
    public void accept(MarketEvent event)
    {
        Optional<Violation> violation = validator.check(event);
        if (violation.isEmpty()) {
            downstream.accept(event);
            return;
        }
        rejected.get(violation.get().rejection()).inc();
        Instrument instrument = event.instrument();
        downstream.accept(new SourceStatus(source, instrument.venue(), instrument.market(), instrument, 0, Math.max(event.receivedNanos(), 0),
                SourceStatus.Kind.REJECTED, event.type() + " rejected: " + violation.get().message()));
    }
}
