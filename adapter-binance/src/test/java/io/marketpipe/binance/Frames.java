package io.marketpipe.binance;

import java.util.Locale;

/**
 * Binance frames and REST bodies for tests, shaped like the real ones. A diff sets the bid at 100
 * to a size equal to its final update id, so the published book shows which diff it reflects.
 */
final class Frames
{
    private Frames() {}

    static String spotDiff(String symbol, long first, long last)
    {
        return "{\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,\"s\":\"" + symbol
                + "\",\"U\":" + first + ",\"u\":" + last + ",\"b\":[[\"100.00\",\"" + last + "\"]],\"a\":[[\"101.00\",\"1.5\"]]}}";
    }

    static String spotDiff(long first, long last)
    {
        return spotDiff("BTCUSDT", first, last);
    }

    static String futuresDiff(long first, long last, long previousLast)
    {
        return "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161256299,\"T\":1723161256290,\"s\":\"BTCUSDT\",\"U\":" + first
                + ",\"u\":" + last + ",\"pu\":" + previousLast + ",\"b\":[[\"100.0\",\"" + last + "\"]],\"a\":[[\"101.0\",\"1.5\"]]}}";
    }

    static String snapshot(long lastUpdateId)
    {
        return "{\"lastUpdateId\":" + lastUpdateId + ",\"bids\":[[\"100.00\",\"1\"],[\"99.00\",\"5\"]],\"asks\":[[\"101.00\",\"2\"],[\"102.00\",\"3\"]]}";
    }

    static String aggTrade(String symbol, long id)
    {
        return "{\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"E\":1723161255343,\"s\":\"" + symbol + "\",\"a\":" + id
                + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"f\":" + (id * 2) + ",\"l\":" + (id * 2 + 1) + ",\"T\":1723161255342,\"m\":false,\"M\":true}}";
    }

    /**
     * @return a {@code trades} or {@code historicalTrades} answer holding trades {@code first} to {@code last}
     */
    static String restTrades(long first, long last)
    {
        StringBuilder body = new StringBuilder("[");
        for (long id = first; id <= last; id++) {
            body.append(id == first ? "" : ",").append("{\"id\":").append(id)
                    .append(",\"price\":\"61837.63000000\",\"qty\":\"0.02000000\",\"quoteQty\":\"1236.75260000\",\"time\":1723161255342,\"isBuyerMaker\":true,\"isBestMatch\":true}");
        }
        return body.append("]").toString();
    }

    /**
     * @return an {@code aggTrades} answer holding aggregate trades {@code first} to {@code last}
     */
    static String restAggTrades(long first, long last)
    {
        StringBuilder body = new StringBuilder("[");
        for (long id = first; id <= last; id++) {
            body.append(id == first ? "" : ",").append("{\"a\":").append(id)
                    .append(",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"f\":").append(id * 2).append(",\"l\":").append(id * 2 + 1)
                    .append(",\"T\":1723161255342,\"m\":false,\"M\":true}");
        }
        return body.append("]").toString();
    }

    static String trade(String symbol, long id)
    {
        return "{\"stream\":\"" + symbol.toLowerCase(Locale.ROOT) + "@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"" + symbol + "\",\"t\":" + id
                + ",\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";
    }
}
