package io.marketpipe.yahoo;

import io.marketpipe.api.model.CandleInterval;

import java.util.List;
import java.util.Optional;

/**
 * The bar sizes of Yahoo's chart API, with their canonical interval and the range a poll asks for
 * (long enough to hold the latest bars, short enough to stay within Yahoo's intraday limits).
 */
enum YahooInterval
{
    M1("1m", "1m", "1d"),
    M2("2m", "2m", "1d"),
    M5("5m", "5m", "1d"),
    M15("15m", "15m", "5d"),
    M30("30m", "30m", "5d"),
    H1("60m", "1h", "5d"),
    M90("90m", "90m", "5d"),
    D1("1d", "1d", "5d"),
    D5("5d", "5d", "1mo"),
    W1("1wk", "1w", "3mo"),
    MO1("1mo", "1M", "1y"),
    MO3("3mo", "3M", "2y");

    private final String yahoo;
    private final CandleInterval canonical;
    private final String pollRange;

    YahooInterval(String yahoo, String canonical, String pollRange)
    {
        this.yahoo = yahoo;
        this.canonical = CandleInterval.parse(canonical);
        this.pollRange = pollRange;
    }

    /**
     * @return Yahoo's name, the {@code interval} parameter and a response's {@code dataGranularity}
     */
    String yahoo()
    {
        return yahoo;
    }

    CandleInterval canonical()
    {
        return canonical;
    }

    /**
     * @return the {@code range} a poll asks for
     */
    String pollRange()
    {
        return pollRange;
    }

    /**
     * @return the bar size of a canonical interval ({@code 1h}) or of Yahoo's name ({@code 60m}, {@code 1wk})
     */
    static Optional<YahooInterval> of(String label)
    {
        for (YahooInterval interval : values()) {
            if (interval.yahoo.equals(label)) {
                return Optional.of(interval);
            }
        }
        CandleInterval parsed;
        try {
            parsed = CandleInterval.parse(label);
        }
        catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        for (YahooInterval interval : values()) {
            if (interval.canonical.equals(parsed)) {
                return Optional.of(interval);
            }
        }
        return Optional.empty();
    }

    static List<String> names()
    {
        return List.of("1m", "2m", "5m", "15m", "30m", "1h", "90m", "1d", "5d", "1w", "1M", "3M");
    }
}
