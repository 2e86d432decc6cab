package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * One price level of the merged book: the size resting at the price over every source.
 *
 * @param sizes the size each source (connector instance name) has at the price
 */
public record MergedLevel(Decimal price, Decimal size, Map<String, Decimal> sizes)
{
    public MergedLevel
    {
        requireNonNull(price, "price is null");
        requireNonNull(size, "size is null");
        sizes = Map.copyOf(sizes);
    }
}
