package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * One price level of an order book side. In a {@link BookDelta} a zero size removes the level.
 *
 * @param price the level price
 * @param size the total size resting at that price
 * @since 0.1
 */
public record PriceLevel(Decimal price, Decimal size)
{
    public PriceLevel
    {
        requireNonNull(price, "price is null");
        requireNonNull(size, "size is null");
    }

    /**
     * Parses a level from the venue's decimal strings.
     */
    public static PriceLevel parse(CharSequence price, CharSequence size)
    {
        return new PriceLevel(Decimal.parse(price), Decimal.parse(size));
    }
}
