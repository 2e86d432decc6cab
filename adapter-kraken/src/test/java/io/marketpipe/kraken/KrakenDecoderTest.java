package io.marketpipe.kraken;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decoding of both WebSocket generations, with frames in the shapes Kraken documents.
 */
class KrakenDecoderTest
{
    private final KrakenDecoder decoder = new KrakenDecoder();
    private final RecordingHandler handler = new RecordingHandler();

    @Test
    void v1UpdateWithAskAndBidDictsTakesTheChecksumFromTheLastAndAppliesRepublishedLevels()
            throws DecodeException
    {
        decode("[320,{\"a\":[[\"38800.00000\",\"0.02203518\",\"1622766170.577187\",\"r\"]]},"
                + "{\"b\":[[\"38799.90000\",\"0.03017320\",\"1622766170.577304\"]],\"c\":\"2479000840\"},\"book-25\",\"XBT/USD\"]");

        BookDelta delta = handler.of(BookDelta.class).get(0);
        assertEquals("BTC/USD", delta.instrument().symbol());
        assertEquals("XBT/USD", delta.instrument().nativeSymbol());
        assertEquals(2479000840L, delta.checksum(), "unsigned, beyond an int");
        assertEquals(List.of(PriceLevel.parse("38800.00000", "0.02203518")), delta.asks());
        assertEquals(List.of(PriceLevel.parse("38799.90000", "0.03017320")), delta.bids());
        assertEquals(1622766170577304000L, delta.venueNanos(), "the latest level time, exactly");
        assertEquals("0.02203518", delta.asks().get(0).size().toString(), "written as received");
    }

    @Test
    void v1SnapshotMayBeEmpty()
            throws DecodeException
    {
        decode("[6304,{\"as\":[],\"bs\":[]},\"book-25\",\"PERP/EUR\"]");

        BookSnapshot snapshot = handler.of(BookSnapshot.class).get(0);
        assertTrue(snapshot.bids().isEmpty() && snapshot.asks().isEmpty());
        assertEquals(BookDelta.NO_CHECKSUM, snapshot.checksum());
    }

    @Test
    void v1TradeSpreadTickerAndOhlc()
            throws DecodeException
    {
        decode("[321,[[\"57126.70000\",\"0.02063928\",\"1616333924.737428\",\"b\",\"m\",\"\"],[\"57126.60000\",\"0.1\",\"1616333924.737428\",\"s\",\"l\",\"\"]],\"trade\",\"XBT/USD\"]");
        decode("[341,[\"31760.00000\",\"31760.10000\",\"1654031976.197239\",\"0.02167307\",\"6.46761464\"],\"spread\",\"XBT/USD\"]");
        decode("[340,{\"a\":[\"29938.60000\",12,\"12.41074632\"],\"b\":[\"29938.50000\",0,\"0.08410000\"],\"c\":[\"29938.60000\",\"0.10146338\"],"
                + "\"v\":[\"735.06931643\",\"5243.60824494\"],\"p\":[\"29812.62518\",\"30272.79057\"],\"t\":[6120,30832],\"l\":[\"29581.10000\",\"29328.60000\"],"
                + "\"h\":[\"30085.80000\",\"31869.30000\"],\"o\":[\"29790.00000\",\"31614.50000\"]},\"ticker\",\"XBT/USD\"]");
        decode("[343,[\"1675209613.118218\",\"1675209660.000000\",\"23135.00000\",\"23135.40000\",\"23135.00000\",\"23135.40000\",\"23135.13297\",\"0.39012812\",7],\"ohlc-1\",\"XBT/USD\"]");

        List<Trade> trades = handler.of(Trade.class);
        assertEquals(2, trades.size());
        assertEquals(Side.BUY, trades.get(0).side());
        assertEquals(Side.SELL, trades.get(1).side());
        assertTrue(!trades.get(0).tradeId().equals(trades.get(1).tradeId()), "trades of one frame are told apart");
        Quote quote = handler.of(Quote.class).get(0);
        assertEquals(Decimal.parse("31760.00000"), quote.bidPrice());
        assertEquals(Decimal.parse("6.46761464"), quote.askSize());
        Ticker ticker = handler.of(Ticker.class).get(0);
        assertEquals(Decimal.parse("29938.60000"), ticker.last());
        assertEquals(Decimal.parse("12.41074632"), ticker.askSize());
        Candle candle = handler.of(Candle.class).get(0);
        assertEquals(1675209600000L, candle.openTimeMillis());
        assertEquals(7, candle.tradeCount());
        assertEquals(List.of("trade:XBT/USD", "spread:XBT/USD", "ticker:XBT/USD", "ohlc-1:XBT/USD"), handler.streams);
    }

    @Test
    void v1SubscriptionStatusAndErrors()
            throws DecodeException
    {
        decode("{\"channelID\":336,\"channelName\":\"book-1000\",\"event\":\"subscriptionStatus\",\"pair\":\"XBT/CHF\",\"status\":\"subscribed\",\"subscription\":{\"depth\":1000,\"name\":\"book\"}}");
        decode("{\"errorMessage\":\"Currency pair not supported\",\"event\":\"subscriptionStatus\",\"pair\":\"NOPE/USD\",\"status\":\"error\",\"subscription\":{\"name\":\"trade\"}}");
        decode("{\"event\":\"heartbeat\"}");
        decode("{\"connectionID\":18266300427528990701,\"event\":\"systemStatus\",\"status\":\"maintenance\",\"version\":\"1.7.0\"}");

        assertEquals(List.of("V1 book-1000 XBT/CHF 1000 null", "V1 trade NOPE/USD 0 Currency pair not supported"), handler.subscriptions);
        assertEquals(List.of("maintenance"), handler.statuses);
    }

    @Test
    void v2TradeTickerOhlcInstrumentAndAcks()
            throws DecodeException
    {
        decode("{\"channel\":\"trade\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"side\":\"sell\",\"price\":63402.1,\"qty\":0.00150000,"
                + "\"ord_type\":\"market\",\"trade_id\":72387210,\"timestamp\":\"2024-05-10T11:52:33.123456Z\"}]}");
        decode("{\"channel\":\"ticker\",\"type\":\"update\",\"data\":[{\"symbol\":\"DOGE/USD\",\"bid\":0.14651,\"bid_qty\":1200.5,\"ask\":0.14652,\"ask_qty\":40.0,"
                + "\"last\":0.14652,\"volume\":1000.1,\"vwap\":0.146,\"low\":0.14,\"high\":0.15,\"change\":0.001,\"change_pct\":0.5}]}");
        decode("{\"channel\":\"ohlc\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"open\":63400.0,\"high\":63410.5,\"low\":63399.9,\"close\":63402.1,"
                + "\"trades\":12,\"volume\":1.5,\"vwap\":63401.2,\"interval_begin\":\"2024-05-10T11:52:00.000000000Z\",\"interval\":1,\"timestamp\":\"2024-05-10T11:53:00.000000Z\"}]}");
        decode("{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],\"pairs\":[{\"symbol\":\"BTC/USD\",\"price_precision\":1,\"qty_precision\":8}]}}");
        decode("{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":25,\"snapshot\":true,\"symbol\":\"BTC/USD\"},\"success\":true,\"time_in\":\"x\",\"time_out\":\"y\",\"req_id\":3}");
        decode("{\"error\":\"Currency pair not supported NOPE/USD\",\"method\":\"subscribe\",\"success\":false,\"time_in\":\"x\",\"time_out\":\"y\",\"req_id\":4}");
        decode("{\"channel\":\"heartbeat\"}");
        decode("{\"method\":\"pong\",\"req_id\":5,\"time_in\":\"x\",\"time_out\":\"y\"}");

        Trade trade = handler.of(Trade.class).get(0);
        assertEquals("72387210", trade.tradeId());
        assertEquals("0.00150000", trade.size().toString(), "a JSON number read exactly, as written");
        assertEquals("63402.1", trade.price().toString());
        assertEquals("XBT/USD", trade.instrument().nativeSymbol());
        Quote quote = handler.of(Quote.class).get(0);
        assertEquals("XDG/USD", quote.instrument().nativeSymbol());
        assertEquals("DOGE/USD", quote.instrument().symbol());
        assertEquals(Decimal.parse("0.14651"), quote.bidPrice());
        assertEquals(1715341920000L, handler.of(Candle.class).get(0).openTimeMillis());
        assertTrue(handler.received.contains("XBT/USD 1/8"));
        assertEquals(List.of("V2 book XBT/USD 25 null", "V2 ? - 0 Currency pair not supported NOPE/USD"), handler.subscriptions);
    }

    @Test
    void framesKrakenDoesNotSendAreDecodeErrorsNamingTheProblem()
    {
        assertTrue(assertThrows(DecodeException.class, () -> decode("{\"feed\":\"book\",\"product_id\":\"PI_XBTUSD\"}")).getMessage().contains("channel, method or event"));
        assertTrue(assertThrows(DecodeException.class, () -> decode("[1,\"x\"]")).getMessage().contains("channelID"));
        assertTrue(assertThrows(DecodeException.class, () -> decode("[1,{\"a\":[[\"1.0\"]]},\"book-10\",\"XBT/USD\"]")).getMessage().contains("'a'"));
        assertTrue(assertThrows(DecodeException.class, () -> decode("[1,{\"a\":[],\"c\":\"-5\"},\"book-10\",\"XBT/USD\"]")).getMessage().contains("checksum"));
        assertThrows(DecodeException.class, () -> decode("{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":\"x\",\"qty\":1}]}]}"));
        assertThrows(DecodeException.class, () -> decode("[1,{\"a\""));
    }

    private void decode(String frame)
            throws DecodeException
    {
        decoder.decode(frame, 42, handler);
    }
}
