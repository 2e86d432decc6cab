package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.MarketKind;

import java.util.List;
import java.util.Optional;

/**
 * Every instrument consolidated across sources, as configured under
 * {@code marketpipe.aggregation}: best bid and offer, merged book, consensus price and the
 * active source. Read-only; safe to call from any thread.
 */
public interface AggregationView
{
    /**
     * @return whether {@code marketpipe.aggregation.enabled}; when not, there are no views
     */
    boolean enabled();

    /**
     * @return the consolidated view of one instrument, by canonical symbol and kind
     */
    Optional<ConsolidatedView> view(String symbol, MarketKind kind);

    /**
     * @return the consolidated view of every instrument seen
     */
    List<ConsolidatedView> views();
}
