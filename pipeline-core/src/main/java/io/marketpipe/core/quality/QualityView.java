package io.marketpipe.core.quality;

import java.util.List;
import java.util.Optional;

/**
 * The 0-100 quality scores of every source (connector instance) and of its instruments, with
 * the reasons for any below 100, as scored under {@code marketpipe.quality}. Read-only; safe to
 * call from any thread.
 */
public interface QualityView
{
    /**
     * @return the sources scored so far, by name
     */
    List<SourceQuality> sources();

    /**
     * @return the named source's latest score, if it has been scored
     */
    Optional<SourceQuality> source(String source);
}
