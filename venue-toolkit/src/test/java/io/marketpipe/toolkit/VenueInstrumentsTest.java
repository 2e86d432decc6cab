package io.marketpipe.toolkit;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class VenueInstrumentsTest
{
    private static final Instrument BTC = Instrument.spot("venue", "BTC-USD", "BTC", "USD");
    private static final Instrument ETH = Instrument.spot("venue", "ETH-USD", "ETH", "USD");

    private final VenueInstruments instruments = new VenueInstruments(List.of(BTC, ETH), symbol -> Instrument.spot("venue", symbol, symbol.substring(0, 3), "USD"));

    @Test
    void loadedDefinitionsReplaceTheConfiguredInstrumentsAndUnlistedOnesAreNamed()
    {
        Instrument defined = Instrument.builder("venue", "spot", "BTC-USD").base("BTC").quote("USD").tickSize(Decimal.parse("0.01")).build();

        Optional<String> incomplete = instruments.define(Map.of("BTC-USD", defined), null, "products");

        assertEquals(Optional.of("products does not list ETH-USD"), incomplete);
        assertSame(defined, instruments.get("BTC-USD"));
        assertEquals(List.of(defined, ETH), instruments.configured());
        assertEquals(List.of("BTC-USD", "ETH-USD"), instruments.configuredSymbols());
    }

    @Test
    void aFailedRequestKeepsTheConfiguredInstrumentsAndSaysWhy()
    {
        Optional<String> incomplete = instruments.define(null, new CompletionException(new IOException("connection refused")), "products");

        assertEquals(Optional.of("products unavailable (connection refused); instruments are read from their symbols"), incomplete);
        assertEquals(List.of(BTC, ETH), instruments.configured());
        assertNull(instruments.configured().get(0).tickSize());
    }

    @Test
    void symbolsNotConfiguredAreDerivedOnce()
    {
        Instrument sol = instruments.get("SOL-USD");

        assertEquals("SOL/USD", sol.symbol());
        assertSame(sol, instruments.get("SOL-USD"));
        assertEquals(Optional.empty(), instruments.define(Map.of("BTC-USD", BTC, "ETH-USD", ETH), null, "products"));
    }
}
