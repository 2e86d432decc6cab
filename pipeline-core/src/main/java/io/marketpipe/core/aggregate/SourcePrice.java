package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;

import static java.util.Objects.requireNonNull;

/**
 * A price and size offered by one source, such as the best bid across sources.
 *
 * @param source the connector instance name
 */
public record SourcePrice(String source, Decimal price, Decimal size)
{
    public SourcePrice
    {
        requireNonNull(source, "source is null");
        requireNonNull(price, "price is null");
        requireNonNull(size, "size is null");
    }
}
