package io.marketpipe.api.connector;

import java.util.Locale;

/**
 * The canonical channel names every connector understands in its {@code channels} setting.
 *
 * @since 0.1
 */
public enum Channel
{
    TRADES,
    /** The venue's best bid/offer stream. */
    QUOTES,
    /** Rolling 24-hour statistics. */
    TICKER,
    /** The full-depth order book, verified by the core book engine. */
    BOOK,
    /** Venue candles (klines). */
    CANDLES,
    /** Funding rate and mark price of perpetual swaps. */
    FUNDING;

    /**
     * @return the configuration name, e.g. {@code trades}
     */
    public String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException listing the valid names when {@code name} is none of them
     */
    public static Channel fromConfigName(String name)
    {
        for (Channel channel : values()) {
            if (channel.configName().equalsIgnoreCase(name)) {
                return channel;
            }
        }
        throw new IllegalArgumentException("unknown channel \"" + name + "\"; expected one of trades, quotes, ticker, book, candles, funding");
    }
}
