package io.marketpipe.core.internal.aggregate;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.util.Locale;

import static java.util.Objects.requireNonNull;

/**
 * What instruments of different sources are consolidated under: the canonical symbol and the
 * market kind ({@code BTC/USDT} spot, {@code BTC/USDT:USDT} perpetual).
 */
public record AggregateKey(String symbol, MarketKind kind)
{
    public AggregateKey
    {
        requireNonNull(symbol, "symbol is null");
        requireNonNull(kind, "kind is null");
    }

    public static AggregateKey of(Instrument instrument)
    {
        return new AggregateKey(instrument.symbol(), instrument.kind());
    }

    /**
     * @return the name used in metrics, e.g. {@code spot.BTC/USDT}
     */
    String metricName()
    {
        return kind.name().toLowerCase(Locale.ROOT) + "." + symbol;
    }

    @Override
    public String toString()
    {
        return symbol + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
    }
}
