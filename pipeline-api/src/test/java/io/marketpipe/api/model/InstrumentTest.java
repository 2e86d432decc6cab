package io.marketpipe.api.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class InstrumentTest
{
    @Test
    void canonicalSymbolsFollowTheCcxtConvention()
    {
        assertEquals("BTC/USDT", Instrument.spot("binance", "BTCUSDT", "BTC", "USDT").symbol());
        assertEquals("BTC/USDT:USDT", Instrument.builder("binance", "usdm", "BTCUSDT").base("BTC").quote("USDT")
                .kind(MarketKind.PERPETUAL).settle("USDT").build().symbol());
        assertEquals("BTC/USD:BTC-210625", Instrument.builder("binance", "coinm", "BTCUSD_210625").base("BTC").quote("USD")
                .kind(MarketKind.FUTURE).settle("BTC").expiry("210625").build().symbol());
        assertEquals("AAPL", Instrument.builder("yahoo", "equity", "AAPL").base("AAPL").quote("USD").kind(MarketKind.EQUITY).build().symbol());
    }

    @Test
    void identityIsVenueMarketAndNativeSymbol()
    {
        Instrument a = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
        Instrument b = Instrument.builder("binance", "spot", "BTCUSDT").tickSize(Decimal.parse("0.01")).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Instrument.builder("binance", "usdm", "BTCUSDT").build());
    }
}
