package io.marketpipe.api.model;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A value computed by an enricher, usually one per closed candle. Indicator math may use
 * binary floating point; prices and sizes never do.
 *
 * @param name the indicator's name, e.g. {@code ema21}
 * @param interval the candle interval it is computed over, or null when not candle-based
 * @param openTimeMillis the open time of the candle the value belongs to, epoch ms
 * @param value the main value
 * @param components further named values (for example Bollinger {@code upper}/{@code lower}); may be empty
 * @since 0.1
 */
public record IndicatorValue(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        String name,
        CandleInterval interval,
        long openTimeMillis,
        double value,
        Map<String, Double> components)
        implements MarketEvent
{
    public IndicatorValue
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(name, "name is null");
        components = Map.copyOf(components);
    }

    @Override
    public String type()
    {
        return "indicator";
    }
}
