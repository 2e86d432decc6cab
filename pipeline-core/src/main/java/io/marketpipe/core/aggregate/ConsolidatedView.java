package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.core.internal.aggregate.AggregateKey;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One instrument consolidated across sources at one moment. Only healthy sources (connected,
 * fresh, of sufficient quality) count in the best bid and offer, the merged book, the imbalance
 * and the consensus; every source is listed in {@link #sources()} with its state.
 *
 * @param asOfNanos the clock time of the view, epoch ns
 * @param bestBid the highest bid over the sources, with its source, or null
 * @param bestAsk the lowest ask over the sources, with its source, or null
 * @param spread best ask minus best bid (negative when sources cross), or null without both
 * @param spreadBps the spread in basis points of the mid price, or NaN without both
 * @param bids the merged book's bids, best first, at most {@code depth} levels
 * @param asks the merged book's asks, best first
 * @param bookImbalance (bid size - ask size) / (bid size + ask size) over the merged book, -1 to 1, or NaN without a book
 * @param buyPressure the share of recent traded volume bought by takers over every source, 0 to 1, or NaN without trades
 * @param consensus the consensus price, or null when no source has a price
 * @param activeSource the source the consensus follows in {@code primary} mode and fails over from, or null before any
 * @param primarySource the configured primary, or null
 * @param lastFailover the latest switch of the active source, or null
 * @param failovers how many switches so far
 * @param funding funding rates across sources, or null when no source sent one
 */
public record ConsolidatedView(
        AggregateKey key,
        long asOfNanos,
        SourcePrice bestBid,
        SourcePrice bestAsk,
        Decimal spread,
        double spreadBps,
        List<MergedLevel> bids,
        List<MergedLevel> asks,
        double bookImbalance,
        double buyPressure,
        Consensus consensus,
        String activeSource,
        String primarySource,
        Failover lastFailover,
        long failovers,
        List<SourceView> sources,
        FundingView funding)
{
    public ConsolidatedView
    {
        requireNonNull(key, "key is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        sources = List.copyOf(sources);
    }

    public Optional<SourceView> source(String name)
    {
        return sources.stream().filter(view -> view.source().equals(name)).findFirst();
    }
}
