package io.marketpipe.okx;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OkxSymbolsTest
{
    @Test
    void instrumentIdsMapToCanonicalSymbolsAndBack()
    {
        assertMapping("BTC-USDT", "BTC/USDT", "spot", MarketKind.SPOT);
        assertMapping("BTC-USDT-SWAP", "BTC/USDT:USDT", "swap", MarketKind.PERPETUAL);
        assertMapping("BTC-USD-SWAP", "BTC/USD:BTC", "swap", MarketKind.PERPETUAL);
        assertMapping("BTC-USD-220527", "BTC/USD:BTC-220527", "futures", MarketKind.FUTURE);
        assertMapping("BTC-USDT-220624", "BTC/USDT:USDT-220624", "futures", MarketKind.FUTURE);
        assertMapping("BTC-USD-250926-60000-C", "BTC/USD:BTC-250926-60000-C", "option", MarketKind.OPTION);
        assertMapping("BTC-USD-210924-42000-P", "BTC/USD:BTC-210924-42000-P", "option", MarketKind.OPTION);
    }

    @Test
    void aSymbolOfAnotherMarketNamesTheMarketItBelongsTo()
    {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> OkxSymbols.parseConfigured(OkxInstrumentType.SPOT, "BTC/USDT:USDT"));
        assertTrue(error.getMessage().contains("swap"), error.getMessage());
    }

    @Test
    void aContractSettledInTheWrongAssetIsRejected()
    {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> OkxSymbols.parseConfigured(null, "BTC/USD:USD"));
        assertTrue(error.getMessage().contains("BTC/USD:BTC"), error.getMessage());
    }

    @Test
    void textThatIsNeitherFormIsRejected()
    {
        assertThrows(IllegalArgumentException.class, () -> OkxSymbols.parseConfigured(null, "BTCUSDT"));
        assertThrows(IllegalArgumentException.class, () -> OkxSymbols.fromNative("BTC-USD-2209"));
    }

    private static void assertMapping(String instrumentId, String canonical, String market, MarketKind kind)
    {
        Instrument fromId = OkxSymbols.fromNative(instrumentId);
        assertEquals(canonical, fromId.symbol(), instrumentId);
        assertEquals(market, fromId.market(), instrumentId);
        assertEquals(kind, fromId.kind(), instrumentId);
        Instrument fromCanonical = OkxSymbols.parseConfigured(OkxInstrumentType.fromConfigName(market), canonical);
        assertEquals(instrumentId, fromCanonical.nativeSymbol(), canonical);
        assertEquals(fromId, fromCanonical);
        assertEquals(instrumentId, OkxSymbols.parseConfigured(null, instrumentId.toLowerCase(java.util.Locale.ROOT)).nativeSymbol());
    }
}
