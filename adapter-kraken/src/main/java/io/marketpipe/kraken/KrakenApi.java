package io.marketpipe.kraken;

import io.marketpipe.toolkit.VenueEndpoints;

/**
 * The two generations of Kraken's spot WebSocket API. Their frames cannot be confused: v1 sends
 * data as JSON arrays and events as objects with {@code event}; v2 sends objects with
 * {@code channel} or {@code method}. The decoder therefore reads both on any connection, which
 * is how a replayed capture needs no setting to say which one it holds.
 */
enum KrakenApi
{
    /** {@code wss://ws.kraken.com}: arrays, decimal strings, pairs named {@code XBT/USD}. */
    V1("wss://ws.kraken.com"),
    /** {@code wss://ws.kraken.com/v2}: objects, JSON numbers, pairs named {@code BTC/USD}, trade ids. */
    V2("wss://ws.kraken.com/v2");

    // both generations share Kraken's REST API
    private static final String REST_URL = "https://api.kraken.com";

    private final VenueEndpoints production;

    KrakenApi(String webSocketUrl)
    {
        this.production = new VenueEndpoints(webSocketUrl, REST_URL);
    }

    VenueEndpoints production()
    {
        return production;
    }
}
