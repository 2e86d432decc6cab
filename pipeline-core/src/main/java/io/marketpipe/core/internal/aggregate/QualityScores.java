package io.marketpipe.core.internal.aggregate;

import io.marketpipe.api.model.Instrument;

import java.util.OptionalInt;

/**
 * Where the aggregator reads the quality of a source's instrument, 0 to 100.
 */
@FunctionalInterface
public interface QualityScores
{
    /** No scores: every source counts as fully healthy. */
    QualityScores NONE = (source, instrument) -> OptionalInt.empty();

    /**
     * @return the latest score, or empty when the source or instrument has not been scored
     */
    OptionalInt score(String source, Instrument instrument);
}
