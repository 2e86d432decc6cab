package io.marketpipe.core.quality;

import io.marketpipe.api.model.Instrument;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The quality of one instrument from one source, as of the last evaluation.
 *
 * @param score 0 (unusable) to 100
 * @param ageNanos how long since the source last published for the instrument (since the source
 *        started, when it never has)
 * @param latencyNanos the median receive-minus-venue latency of recent events, or -1 when unknown
 * @param reasons why the score is below 100, one phrase per component that is
 * @param gaps book gaps, checksum mismatches and crossings so far
 * @param resyncs book resyncs so far
 * @param rejected events rejected by validation so far
 */
public record InstrumentQuality(
        Instrument instrument,
        int score,
        QualityLevel level,
        Freshness freshness,
        long ageNanos,
        long latencyNanos,
        QualityComponents components,
        List<String> reasons,
        long gaps,
        long resyncs,
        long rejected)
{
    public InstrumentQuality
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(level, "level is null");
        requireNonNull(freshness, "freshness is null");
        requireNonNull(components, "components is null");
        reasons = List.copyOf(reasons);
    }
}
