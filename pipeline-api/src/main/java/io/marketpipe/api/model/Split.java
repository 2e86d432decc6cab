package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * A stock split: from its date on, every {@code denominator} shares became {@code numerator}
 * shares (4 for 1 is numerator 4, denominator 1; a 1 for 10 reverse split is 1 and 10). Its
 * {@link #venueNanos()} is the event date the venue gives, so {@code ts} in the event JSON is
 * that date.
 *
 * @param numerator the shares held after the split per {@code denominator} shares before
 * @param denominator the shares held before the split
 * @since 0.3
 */
public record Split(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        Decimal numerator,
        Decimal denominator)
        implements MarketEvent
{
    public Split
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(numerator, "numerator is null");
        requireNonNull(denominator, "denominator is null");
    }

    @Override
    public String type()
    {
        return "split";
    }
}
