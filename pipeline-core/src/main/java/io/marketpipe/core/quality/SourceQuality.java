package io.marketpipe.core.quality;

import io.marketpipe.api.model.Instrument;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The quality of one source (connector instance), as of the last evaluation.
 *
 * @param score 0 while disconnected, else the mean of its instruments' scores (its own freshness
 *        before it has any)
 * @param level from the score, and at least degraded while one of its instruments is critical
 * @param connected false from a {@code DISCONNECTED} or {@code RECONNECTING} status until the next {@code CONNECTED}
 * @param components the means of its instruments' components
 * @param reasons why the source is not healthy: the disconnect, and each instrument that is not
 * @param decodeErrors frames the connector reported it could not decode, so far
 * @param evaluatedNanos the clock time of the evaluation, epoch ns
 */
public record SourceQuality(
        String source,
        int score,
        QualityLevel level,
        boolean connected,
        QualityComponents components,
        List<String> reasons,
        List<InstrumentQuality> instruments,
        long decodeErrors,
        long evaluatedNanos)
{
    public SourceQuality
    {
        requireNonNull(source, "source is null");
        requireNonNull(level, "level is null");
        requireNonNull(components, "components is null");
        reasons = List.copyOf(reasons);
        instruments = List.copyOf(instruments);
    }

    public Optional<InstrumentQuality> instrument(Instrument instrument)
    {
        return instruments.stream().filter(quality -> quality.instrument().equals(instrument)).findFirst();
    }
}
