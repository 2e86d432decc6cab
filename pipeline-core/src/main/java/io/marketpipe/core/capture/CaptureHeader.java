package io.marketpipe.core.capture;

import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The first line of a {@code marketpipe-capture/1} file.
 *
 * @param exchange the protocol family, e.g. {@code binance}
 * @param market the venue segment, e.g. {@code spot}, {@code usdm}, {@code mixed}
 * @param symbols the native symbols recorded
 * @param recorded the UTC second of the first timestamped line (ISO-8601), or null
 * @param source where the data came from, or null
 * @param license the data's licence, or null
 * @param notes everything else a reader must know, or null
 */
public record CaptureHeader(
        String exchange,
        String market,
        List<String> symbols,
        String recorded,
        String source,
        String license,
        String notes)
{
    public static final String FORMAT = "marketpipe-capture/1";

    public CaptureHeader
    {
        requireNonNull(exchange, "exchange is null");
        requireNonNull(market, "market is null");
        symbols = List.copyOf(symbols);
    }
}
