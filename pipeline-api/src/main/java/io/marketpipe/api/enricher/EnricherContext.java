package io.marketpipe.api.enricher;

import io.marketpipe.api.metrics.Metrics;

/**
 * Host services for an enricher. Optional services throw {@link UnsupportedOperationException}
 * by default.
 *
 * @since 0.1
 */
public interface EnricherContext
{
    /**
     * @return the instance name, unique in the runtime (e.g. {@code ema21})
     */
    String name();

    /**
     * @return metrics scoped to this enricher instance
     */
    default Metrics metrics()
    {
        return Metrics.NOOP;
    }
}
