package io.marketpipe.kraken;

import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import io.marketpipe.toolkit.VenueRestClient;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Kraken's REST answers, from recorded bodies where they exist.
 */
class KrakenRestClientTest
{
    private static final Instrument BTC_USD = KrakenSymbols.parseConfigured("XXBTZUSD");

    @Test
    void recordedOhlcTradesAndDepth()
            throws IOException, DecodeException
    {
        Map<String, String> bodies = new java.util.HashMap<>();
        try (CaptureReader reader = CaptureReader.open(Captures.require("kraken/rest-xchange.jsonl.gz"))) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.REST) {
                    bodies.put(line.url().replaceAll(".*/public/([A-Za-z]+).*", "$1"), line.data());
                }
            }
        }

        List<Candle> candles = KrakenRestClient.parseOhlc(BTC_USD, CandleInterval.parse("1m"), bodies.get("OHLC"), Long.MAX_VALUE);
        assertEquals(720, candles.size());
        assertEquals(1502402520000L, candles.get(0).openTimeMillis());
        assertEquals(Decimal.parse("3449.992"), candles.get(0).open());
        assertEquals(7, candles.get(0).tradeCount());
        assertTrue(candles.get(0).closed());

        List<Trade> trades = KrakenRestClient.parseTrades(BTC_USD, bodies.get("Trades"), 1);
        assertEquals(14, trades.size());
        assertEquals(Decimal.parse("1023.82219"), trades.get(0).price());
        assertEquals(Side.SELL, trades.get(0).side());
        assertEquals(1385579841777400000L, trades.get(0).venueNanos());
        assertTrue(trades.get(0).backfilled());

        BookSnapshot depth = KrakenRestClient.parseDepth(BTC_USD, bodies.get("Depth"), 1);
        assertEquals(3, depth.asks().size());
        assertEquals(3, depth.bids().size());
        assertEquals(Decimal.parse("530.75513"), depth.asks().get(0).price());
    }

    @Test
    void assetPairsNameEachPairByItsWebSocketNameWithCanonicalAssetsAndPrecisions()
            throws DecodeException
    {
        Map<String, KrakenRestClient.ListedPair> pairs = KrakenRestClient.parseAssetPairs("{\"error\":[],\"result\":{"
                + "\"XXBTZUSD\":{\"altname\":\"XBTUSD\",\"wsname\":\"XBT/USD\",\"base\":\"XXBT\",\"quote\":\"ZUSD\",\"pair_decimals\":1,\"lot_decimals\":8,\"tick_size\":\"0.1\"},"
                + "\"XDGUSD\":{\"altname\":\"XDGUSD\",\"wsname\":\"XDG/USD\",\"base\":\"XXDG\",\"quote\":\"ZUSD\",\"pair_decimals\":7,\"lot_decimals\":8},"
                + "\"ADAUSDT\":{\"altname\":\"ADAUSDT\",\"wsname\":\"ADA/USDT\",\"base\":\"ADA\",\"quote\":\"USDT\",\"pair_decimals\":6,\"lot_decimals\":8},"
                + "\"XBTUSD.d\":{\"altname\":\"XBTUSD.d\",\"base\":\"XXBT\",\"quote\":\"ZUSD\",\"pair_decimals\":1,\"lot_decimals\":8}}}");

        assertEquals(3, pairs.size(), "dark-pool pairs have no WebSocket name");
        KrakenRestClient.ListedPair btc = pairs.get("XBT/USD");
        assertEquals("BTC/USD", btc.instrument().symbol());
        assertEquals("XBT/USD", btc.instrument().nativeSymbol());
        assertEquals(Decimal.parse("0.1"), btc.instrument().tickSize());
        assertEquals(Decimal.parse("0.00000001"), btc.instrument().lotSize());
        assertEquals(1, btc.priceDecimals());
        assertEquals(8, btc.quantityDecimals());
        assertEquals("DOGE/USD", pairs.get("XDG/USD").instrument().symbol());
        assertEquals("ADA/USDT", pairs.get("ADA/USDT").instrument().symbol());
    }

    @Test
    void anErrorInTheBodyFailsTheCallWithKrakensMessage()
    {
        TestContext context = new TestContext();
        context.rest.answer("/0/public/Trades", "{\"error\":[\"EGeneral:Too many requests\"]}");
        KrakenRestClient client = new KrakenRestClient("https://api.kraken.com", context.clock(), new VenueRestClient(context.rest(), context.scheduler(), Duration.ofSeconds(1), response -> {}, context.metrics()));

        CompletableFuture<List<Trade>> trades = client.trades(BTC_USD, 1, 1000);

        assertTrue(trades.isCompletedExceptionally());
        Throwable cause = assertThrows(Exception.class, trades::join);
        assertTrue(VenueRestClient.cause(cause).getMessage().contains("EGeneral:Too many requests"), cause.toString());
        assertEquals(List.of("https://api.kraken.com/0/public/Trades?pair=XBTUSD&since=1&count=1000"), context.rest.urls());
    }

    @Test
    void symbolsInEveryKrakenSpellingMeanOnePair()
    {
        assertEquals(KrakenSymbols.parseConfigured("BTC/USD"), KrakenSymbols.parseConfigured("XBT/USD"));
        assertEquals(KrakenSymbols.parseConfigured("BTC/USD"), KrakenSymbols.parseConfigured("XXBTZUSD"));
        assertEquals("ETH/EUR", KrakenSymbols.parseConfigured("XETHZEUR").symbol());
        assertEquals("XDG/USD", KrakenSymbols.parseConfigured("DOGE/USD").nativeSymbol());
        assertFalse(KrakenSymbols.parseConfigured("KSM/XBT").symbol().contains("XBT"));
        assertThrows(IllegalArgumentException.class, () -> KrakenSymbols.parseConfigured("FI_XBTUSD_220624"));
    }
}
