package io.marketpipe.api.model;

import static java.util.Objects.requireNonNull;

/**
 * An OHLCV candle, built from trades or sent by the venue.
 *
 * <p>A candle is emitted while its interval is open ({@code closed = false}) and once more when
 * it closes ({@code closed = true}). A late trade that amends a closed candle emits it again
 * with the same {@code openTimeMillis} and a higher {@code revision}.
 *
 * @param openTimeMillis the start of the interval, epoch ms
 * @param quoteVolume sum of price x size, or null when unknown
 * @param tradeCount number of trades, or -1 when unknown
 * @param vwap volume-weighted average price, or null when unknown or volume is zero
 * @param buyVolume volume of buyer-initiated trades, or null when unknown
 * @param sellVolume volume of seller-initiated trades, or null when unknown
 * @param closed true once the interval has ended
 * @param revision 0 for the first final version, incremented by every late amendment
 * @since 0.1
 */
public record Candle(
        Instrument instrument,
        long venueNanos,
        long receivedNanos,
        CandleInterval interval,
        long openTimeMillis,
        Decimal open,
        Decimal high,
        Decimal low,
        Decimal close,
        Decimal volume,
        Decimal quoteVolume,
        long tradeCount,
        Decimal vwap,
        Decimal buyVolume,
        Decimal sellVolume,
        CandleSource source,
        boolean closed,
        int revision)
        implements MarketEvent
{
    public Candle
    {
        requireNonNull(instrument, "instrument is null");
        requireNonNull(interval, "interval is null");
        requireNonNull(open, "open is null");
        requireNonNull(high, "high is null");
        requireNonNull(low, "low is null");
        requireNonNull(close, "close is null");
        requireNonNull(volume, "volume is null");
        requireNonNull(source, "source is null");
    }

    @Override
    public String type()
    {
        return "candle";
    }
}
