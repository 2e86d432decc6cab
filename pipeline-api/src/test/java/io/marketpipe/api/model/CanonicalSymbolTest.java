package io.marketpipe.api.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CanonicalSymbolTest
{
    @Test
    void everyFormParsesAndFormatsBackToItself()
    {
        for (String text : new String[] {"BTC/USDT", "BTC/USDT:USDT", "BTC/USD:BTC", "BTC/USD:BTC-250926", "BTC/USD:BTC-250926-60000-C", "ETH/USD:ETH-241227-3250.5-P"}) {
            assertEquals(text, CanonicalSymbol.parse(text).toString());
        }
    }

    @Test
    void kindFollowsTheParts()
    {
        assertEquals(MarketKind.SPOT, CanonicalSymbol.parse("BTC/USDT").kind());
        assertEquals(MarketKind.PERPETUAL, CanonicalSymbol.parse("BTC/USDT:USDT").kind());
        assertTrue(CanonicalSymbol.parse("BTC/USDT:USDT").linear());
        assertFalse(CanonicalSymbol.parse("BTC/USD:BTC").linear());
        assertEquals(MarketKind.FUTURE, CanonicalSymbol.parse("BTC/USD:BTC-250926").kind());
        CanonicalSymbol option = CanonicalSymbol.parse("btc/usd:btc-250926-60000-c");
        assertEquals(MarketKind.OPTION, option.kind());
        assertEquals(Decimal.parse("60000"), option.strike());
        assertEquals("C", option.optionType());
        assertNull(CanonicalSymbol.parse("BTC/USDT").settle());
    }

    @Test
    void malformedSymbolsNameTheAcceptedForms()
    {
        for (String text : new String[] {"BTCUSDT", "BTC/", "BTC/USD:BTC-2509", "BTC/USD:BTC-250926-60000", "BTC/USD:BTC-250926-60000-X"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> CanonicalSymbol.parse(text));
            assertTrue(error.getMessage().contains("BTC/USD:BTC-250926-60000-C"), error.getMessage());
        }
    }

    @Test
    void instrumentsSpellTheirSymbolInTheGrammar()
    {
        Instrument option = Instrument.builder("okx", "option", "BTC-USD-250926-60000-C")
                .base("BTC").quote("USD").settle("BTC").expiry("250926").kind(MarketKind.OPTION).option(Decimal.parse("60000"), "C").build();
        assertEquals("BTC/USD:BTC-250926-60000-C", option.symbol());
        Instrument future = Instrument.builder("okx", "futures", "BTC-USD-250926")
                .base("BTC").quote("USD").settle("BTC").expiry("250926").kind(MarketKind.FUTURE).build();
        assertEquals("BTC/USD:BTC-250926", future.symbol());
        assertEquals(CanonicalSymbol.parse(future.symbol()).kind(), future.kind());
    }
}
