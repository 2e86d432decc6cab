package io.marketpipe.kraken;

/**
 * The two generations of Kraken's spot WebSocket API. Their frames cannot be confused: v1 sends
 * data as JSON arrays and events as objects with {@code event}; v2 sends objects with
 * {@code channel} or {@code method}. The decoder therefore reads both on any connection, which
 * is how a replayed capture needs no setting to say which one it holds. The defaults declare each
 * one's production endpoints under {@code production-endpoints.<v1|v2>}.
 */
enum KrakenApi
{
    /** Arrays, decimal strings, pairs named {@code XBT/USD}. */
    V1,
    /** Objects, JSON numbers, pairs named {@code BTC/USD}, trade ids. */
    V2;

    /**
     * @return the name in HOCON ({@code api}, {@code production-endpoints})
     */
    String configName()
    {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
