package io.marketpipe.core.quality;

/**
 * The parts of a quality score, each 0 (worst) to 100 (best).
 *
 * @param freshness how recent the data is: 100 up to {@code fresh}, 50 at {@code stale}, 0 at {@code expired}
 * @param gaps 0 while the order book is not verified, else 100 less the recent gaps, checksum
 *        mismatches, crossings and resyncs
 * @param errors 100 less the recent error rate (rejected events, decode errors) scaled so that
 *        {@code max-error-rate} scores 0
 * @param latency 100 up to {@code latency.good} of median receive-minus-venue latency, 0 from {@code latency.bad}
 * @param completeness the share of expected channels (trades, quotes, book, ...) producing
 */
public record QualityComponents(int freshness, int gaps, int errors, int latency, int completeness)
{
}
