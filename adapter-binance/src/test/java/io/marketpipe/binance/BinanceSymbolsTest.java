package io.marketpipe.binance;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.marketpipe.binance.BinanceMarket.COINM;
import static io.marketpipe.binance.BinanceMarket.SPOT;
import static io.marketpipe.binance.BinanceMarket.USDM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BinanceSymbolsTest
{
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            SPOT,  BTC/USDT,             BTCUSDT,        BTC/USDT,             SPOT
            SPOT,  renbtc/eth,           RENBTCETH,      RENBTC/ETH,           SPOT
            USDM,  BTC/USDT:USDT,        BTCUSDT,        BTC/USDT:USDT,        PERPETUAL
            USDM,  BTC/USDT:USDT-210625, BTCUSDT_210625, BTC/USDT:USDT-210625, FUTURE
            COINM, BTC/USD:BTC,          BTCUSD_PERP,    BTC/USD:BTC,          PERPETUAL
            COINM, ETH/USD:ETH-210625,   ETHUSD_210625,  ETH/USD:ETH-210625,   FUTURE
            """)
    void canonicalSymbolsBecomeNativeOnes(BinanceMarket market, String configured, String nativeSymbol, String canonical, MarketKind kind)
    {
        assertNative(market, configured, nativeSymbol, canonical, kind);
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(textBlock = """
            SPOT,  BTCUSDT,        BTCUSDT,        BTC/USDT,             SPOT
            SPOT,  btcstusdt,      BTCSTUSDT,      BTCST/USDT,           SPOT
            SPOT,  ETHBTC,         ETHBTC,         ETH/BTC,              SPOT
            SPOT,  BTCFDUSD,       BTCFDUSD,       BTC/FDUSD,            SPOT
            SPOT,  XRPTUSD,        XRPTUSD,        XRP/TUSD,             SPOT
            SPOT,  AXSBNB,         AXSBNB,         AXS/BNB,              SPOT
            SPOT,  ETHBRL,         ETHBRL,         ETH/BRL,              SPOT
            USDM,  1000PEPEUSDC,   1000PEPEUSDC,   1000PEPE/USDC:USDC,   PERPETUAL
            USDM,  ETHUSDT_220624, ETHUSDT_220624, ETH/USDT:USDT-220624, FUTURE
            COINM, BNBUSD_220624,  BNBUSD_220624,  BNB/USD:BNB-220624,   FUTURE
            COINM, BTCUSD_PERP,    BTCUSD_PERP,    BTC/USD:BTC,          PERPETUAL
            """)
    void nativeSymbolsBecomeCanonicalOnes(BinanceMarket market, String configured, String nativeSymbol, String canonical, MarketKind kind)
    {
        assertNative(market, configured, nativeSymbol, canonical, kind);
    }

    @Test
    void settlementFollowsTheMarket()
    {
        Instrument linear = BinanceSymbols.parseConfigured(USDM, "BTCUSDT");
        Instrument inverse = BinanceSymbols.parseConfigured(COINM, "BTCUSD_PERP");

        assertEquals("USDT", linear.settle());
        assertEquals("BTC", inverse.settle());
        assertNull(BinanceSymbols.parseConfigured(SPOT, "BTCUSDT").settle());
        assertEquals("binance:coinm:BTCUSD_PERP", inverse.key());
    }

    @Test
    void nativeSymbolWithAnUnknownQuoteKeepsItsName()
    {
        Instrument instrument = BinanceSymbols.fromNative(SPOT, "ABCXYZ");

        assertEquals("ABCXYZ", instrument.symbol());
        assertNull(instrument.quote());
    }

    @Test
    void symbolOfAnotherMarketIsRejectedWithAHint()
    {
        assertRejected(SPOT, "BTC/USDT:USDT", "is a derivative; spot symbols look like BTC/USDT (set market = usdm for futures)");
        assertRejected(USDM, "BTC/USDT", "is not a USD-M contract; they settle in their quote asset, e.g. BTC/USDT:USDT");
        assertRejected(USDM, "BTC/USD:BTC", "is not a USD-M contract");
        assertRejected(COINM, "BTC/USD:USD", "is not a COIN-M contract; they settle in their base asset, e.g. BTC/USD:BTC");
        assertRejected(SPOT, "BTC-USDT", "is neither a native symbol (BTCUSDT) nor a canonical one (BTC/USDT)");
        assertRejected(SPOT, "BTC/USDT:USDT-2106", "is not a canonical symbol");
    }

    private static void assertNative(BinanceMarket market, String configured, String nativeSymbol, String canonical, MarketKind kind)
    {
        Instrument instrument = BinanceSymbols.parseConfigured(market, configured);
        assertEquals(nativeSymbol, instrument.nativeSymbol(), configured);
        assertEquals(canonical, instrument.symbol(), configured);
        assertEquals(kind, instrument.kind(), configured);
        assertEquals("binance", instrument.venue());
        assertEquals(market.configName(), instrument.market());
        assertEquals(instrument, BinanceSymbols.fromNative(market, nativeSymbol), "the native symbol names the same instrument");
    }

    private static void assertRejected(BinanceMarket market, String configured, String message)
    {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class, () -> BinanceSymbols.parseConfigured(market, configured));
        assertTrue(failure.getMessage().contains(message), failure.getMessage());
    }
}
