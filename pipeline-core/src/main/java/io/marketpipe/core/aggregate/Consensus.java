package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The consensus price of an instrument. Means are rounded half-even to two more decimals than
 * the most precise price they average.
 *
 * @param sources the sources the price was taken from
 * @param fallback true when no source was healthy and the active source's last price stands in
 */
public record Consensus(Decimal price, ConsensusMode mode, List<String> sources, boolean fallback)
{
    public Consensus
    {
        requireNonNull(price, "price is null");
        requireNonNull(mode, "mode is null");
        sources = List.copyOf(sources);
    }
}
