package io.marketpipe.core.internal.config;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DidYouMeanTest
{
    @Test
    void suggestsTheClosestName()
    {
        assertEquals(Optional.of("symbols"), DidYouMean.suggest("symbls", List.of("market", "symbols", "channels")));
        assertEquals(Optional.of("binance"), DidYouMean.suggest("binanse", List.of("okx", "binance", "kraken")));
    }

    @Test
    void transpositionCostsOne()
    {
        assertEquals(1, DidYouMean.distance("tarde", "trade"));
    }

    @Test
    void suggestsNothingWhenNothingIsClose()
    {
        assertEquals(Optional.empty(), DidYouMean.suggest("zzzzzzzz", List.of("market", "symbols")));
        assertEquals(Optional.empty(), DidYouMean.suggest("x", List.of()));
    }
}
