package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A cash dividend paid per share. Its {@link #venueNanos()} is the event date the venue gives
 * (the ex-dividend date on Yahoo Finance), so {@code ts} in the event JSON is that date.
 *
 * @param amount the cash paid per share, in the instrument's currency
 * @param currency the currency of the amount, or null when the venue did not say
 * @since 0.3
 */
public record Dividend(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        Decimal amount,
        String currency)
        implements MarketEvent
{
    public Dividend
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(amount, "amount is null");
    }

    @Override
    public String type()
    {
        return "dividend";
    }
}
