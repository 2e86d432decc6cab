package io.marketpipe.binance;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.transport.RestResponse;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Decodes the real single messages of {@code binance/singles.jsonl.gz} (spot, USD-M, COIN-M and
 * options, captured live by crypto-crawler) and what is not a valid frame.
 */
class BinanceDecoderTest
{
    private static final long RECEIVED = 42;
    private static final Map<Integer, Decoded> byConnection = new HashMap<>();
    private static final List<RestResponse> snapshots = new ArrayList<>();
    private static final Map<Integer, String> hosts = new HashMap<>();

    @BeforeAll
    static void decodeSingles()
            throws IOException, DecodeException
    {
        try (CaptureReader reader = CaptureReader.open(Captures.require("binance/singles.jsonl.gz"))) {
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                if (line.kind() == CaptureLine.Kind.OPEN) {
                    hosts.put(line.conn(), line.url());
                }
                else if (line.kind() == CaptureLine.Kind.RECV) {
                    Decoded decoded = new Decoded();
                    decoder(market(hosts.get(line.conn()))).decode(line.data(), RECEIVED, decoded);
                    byConnection.put(line.conn(), decoded);
                }
                else if (line.kind() == CaptureLine.Kind.REST && line.url().contains("/depth")) {
                    snapshots.add(new RestResponse(line.status(), Map.of(), line.data(), RECEIVED));
                }
            }
        }
    }

    @Test
    void everySingleMessageDecodes()
    {
        assertEquals(42, byConnection.size());
        Map<String, Long> types = byConnection.values().stream()
                .flatMap(decoded -> decoded.events.stream())
                .collect(Collectors.groupingBy(MarketEvent::type, Collectors.counting()));
        assertEquals(Map.of("trade", 5L, "funding", 6L, "quote", 5L, "ticker", 10L, "candle", 5L), types);
        assertEquals(5, byConnection.values().stream().mapToInt(decoded -> decoded.depthUpdates.size()).sum());
        assertEquals(List.of("event type trade_all", "partial book depth ethusdt@depth20", "partial book depth btcusd_220624@depth20",
                        "partial book depth ethusdt_220624@depth20", "partial book depth btcusd_perp@depth20", "partial book depth runeusd_perp@depth5",
                        "partial book depth ethusdt@depth20", "event type ticker_all"),
                byConnection.entrySet().stream().sorted(Map.Entry.comparingByKey()).flatMap(entry -> entry.getValue().ignored.stream()).collect(Collectors.toList()),
                "options payloads and partial depth are not this adapter's");
    }

    @Test
    void aggregateTradeIsATradeWithTheAggressorSide()
    {
        Trade spot = trade(1);
        assertEquals("BTC/USDT", spot.instrument().symbol());
        assertEquals("640283266", spot.tradeId());
        assertEquals(Decimal.parse("58942.01000000"), spot.price());
        assertEquals(Decimal.parse("0.00035600"), spot.size());
        assertEquals(Side.BUY, spot.side(), "m=false: the buyer took liquidity");
        assertEquals(1616176861893_000_000L, spot.venueNanos());
        assertEquals(RECEIVED, spot.receivedNanos());

        Trade inverseQuarterly = trade(2);
        assertEquals("BTC/USD:BTC-210625", inverseQuarterly.instrument().symbol());
        assertEquals(MarketKind.FUTURE, inverseQuarterly.instrument().kind());
        assertEquals(Side.SELL, inverseQuarterly.side());
        assertEquals("BTC/USDT:USDT-210625", trade(3).instrument().symbol());
        assertEquals("BTC/USD:BTC", trade(4).instrument().symbol());
        assertEquals(MarketKind.PERPETUAL, trade(4).instrument().kind());
        assertEquals("BTC/USDT:USDT", trade(5).instrument().symbol());
    }

    @Test
    void markPriceUpdateIsAFundingRate()
    {
        FundingRate inverse = (FundingRate) byConnection.get(7).events.get(0);
        assertEquals("BTC/USD:BTC", inverse.instrument().symbol());
        assertEquals(Decimal.parse("0.00073689"), inverse.rate());
        assertEquals(1617321600000L, inverse.nextFundingMillis());
        assertEquals(Decimal.parse("59012.56007222"), inverse.markPrice());
        assertNull(inverse.indexPrice(), "that message carries no index price");
        assertEquals(1617309477000_000_000L, inverse.venueNanos(), "the event time, not the next funding time");

        FundingRate linear = (FundingRate) byConnection.get(9).events.get(0);
        assertEquals(Decimal.parse("58857.26693664"), linear.indexPrice());
        assertEquals(List.of("BTC/USDT:USDT", "ETH/USDT:USDT"), symbols(byConnection.get(10).events), "!markPrice@arr holds one update per symbol");
    }

    @Test
    void depthUpdateKeepsTheSequenceFieldsOfItsMarket()
    {
        BinanceDepthUpdate spot = byConnection.get(11).depthUpdates.get(0);
        assertEquals(11294093710L, spot.firstUpdateId());
        assertEquals(11294093726L, spot.finalUpdateId());
        assertEquals(-1, spot.previousFinalUpdateId(), "spot sends no pu");
        assertEquals(List.of(PriceLevel.parse("35743.98000000", "0.00000000"), PriceLevel.parse("35743.87000000", "0.00001500")), spot.bids());
        assertEquals(1622363903670_000_000L, spot.venueNanos());

        BinanceDepthUpdate inverse = byConnection.get(12).depthUpdates.get(0);
        assertEquals("BTC/USD:BTC-210625", inverse.instrument().symbol());
        assertEquals(127531213513L, inverse.previousFinalUpdateId());
        assertEquals(1622368000234_000_000L, inverse.venueNanos(), "the transaction time T");
    }

    @Test
    void bookTickerIsAQuoteWithItsUpdateId()
    {
        Quote spot = (Quote) byConnection.get(22).events.get(0);
        assertEquals(new Quote(spot.instrument(), 0, RECEIVED, 19575390521L, Decimal.parse("29010.90000000"), Decimal.parse("13.94302000"),
                Decimal.parse("29010.91000000"), Decimal.parse("3.99953000")), spot, "spot sends neither e nor a time");
        assertEquals("BTC/USDT", spot.instrument().symbol());

        Quote linear = (Quote) byConnection.get(26).events.get(0);
        assertEquals("ETH/USDT:USDT", linear.instrument().symbol());
        assertEquals(1553413152520L, linear.seq());
        assertEquals(1653817855284_000_000L, linear.venueNanos());
        assertEquals("XMR/USD:XMR", byConnection.get(23).events.get(0).instrument().symbol());
    }

    @Test
    void twentyFourHourTickerKeepsWhatTheMarketSends()
    {
        Ticker spot = (Ticker) byConnection.get(27).events.get(0);
        assertEquals(Decimal.parse("1792.84000000"), spot.last());
        assertEquals(Decimal.parse("1792.83000000"), spot.bid());
        assertEquals(Decimal.parse("20.29140000"), spot.askSize());
        assertEquals(Decimal.parse("1764.61000000"), spot.open());
        assertEquals(Decimal.parse("840180761.51358100"), spot.quoteVolume());

        Ticker inverse = (Ticker) byConnection.get(29).events.get(0);
        assertEquals("BNB/USD:BNB-220624", inverse.instrument().symbol());
        assertEquals(Decimal.parse("296.672"), inverse.last());
        assertNull(inverse.bid(), "futures tickers carry no best bid");
        assertEquals("ETH/BTC", byConnection.get(28).events.get(0).instrument().symbol(), "!ticker@arr");
    }

    @Test
    void klineIsAVenueCandle()
    {
        Candle minute = (Candle) byConnection.get(38).events.get(0);
        assertEquals(CandleInterval.parse("1m"), minute.interval());
        assertEquals(1653818760000L, minute.openTimeMillis());
        assertEquals(Decimal.parse("29038.46000000"), minute.open());
        assertEquals(Decimal.parse("29038.47000000"), minute.high());
        assertEquals(Decimal.parse("0.20926000"), minute.volume());
        assertEquals(Decimal.parse("0.10436000"), minute.buyVolume());
        assertEquals(Decimal.parse("0.10490000"), minute.sellVolume());
        assertEquals(31, minute.tradeCount());
        assertEquals(CandleSource.VENUE, minute.source());
        assertEquals(false, minute.closed());

        Candle month = (Candle) byConnection.get(42).events.get(0);
        assertEquals(CandleInterval.parse("1M"), month.interval());
        assertEquals("BTC/USDT:USDT", month.instrument().symbol());
        assertEquals(Decimal.parse("423075730671.12853"), month.quoteVolume());
    }

    @Test
    void recordedSnapshotsParseForEveryMarket()
            throws DecodeException
    {
        Instrument instrument = BinanceSymbols.fromNative(BinanceMarket.COINM, "BTCUSD_220624");
        assertEquals(5, snapshots.size());
        for (RestResponse response : snapshots) {
            assertEquals(3, BinanceRestClient.parseDepthSnapshot(instrument, response).bids().size());
        }
        assertEquals(466364745366L, BinanceRestClient.parseDepthSnapshot(instrument, snapshots.get(1)).seq());
        assertEquals(1654222838710_000_000L, BinanceRestClient.parseDepthSnapshot(instrument, snapshots.get(1)).venueNanos());
    }

    @Test
    void whatIsNotAValidFrameFailsNamingTheProblem()
    {
        BinanceDecoder decoder = decoder(BinanceMarket.SPOT);

        assertEquals("malformed JSON at column 46: Unexpected end-of-input: expected close marker for Object",
                failure(decoder, "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\""));
        assertTrue(failure(decoder, "not json").startsWith("malformed JSON at column 1: Unrecognized token 'not'"), failure(decoder, "not json"));
        assertEquals("empty frame", failure(decoder, ""));
        assertEquals("expected a JSON object, got 7", failure(decoder, "7"));
        assertEquals("depthUpdate: missing field 'u'", failure(decoder, "{\"stream\":\"btcusdt@depth\",\"data\":{\"e\":\"depthUpdate\",\"s\":\"BTCUSDT\",\"U\":1,\"b\":[],\"a\":[]}}"));
        assertEquals("trade: field 'p' is not a decimal: \"abc\"", failure(decoder, Frames.trade("BTCUSDT", 1).replace("61837.63000000", "abc")));
        assertEquals("aggTrade: field 'a' should be an integer, got true", failure(decoder, "{\"e\":\"aggTrade\",\"s\":\"BTCUSDT\",\"a\":true,\"m\":false,\"T\":1}"));
        assertEquals("payload has no event type 'e' (stream btcusdt@foo)", failure(decoder, "{\"stream\":\"btcusdt@foo\",\"data\":{\"x\":1}}"));
    }

    @Test
    void combinedStreamFramesNameTheirStreamEvenWhenThePayloadFails()
            throws DecodeException
    {
        Decoded decoded = new Decoded();
        BinanceDecoder decoder = decoder(BinanceMarket.SPOT);

        decoder.decode(Frames.trade("BTCUSDT", 1), RECEIVED, decoded);
        assertThrows(DecodeException.class, () -> decoder.decode("{\"stream\":\"ethusdt@trade\",\"data\":{\"e\":\"trade\"}}", RECEIVED, decoded));
        decoder.decode("{\"e\":\"trade\",\"E\":1,\"s\":\"BTCUSDT\",\"t\":2,\"p\":\"1\",\"q\":\"1\",\"T\":1,\"m\":true}", RECEIVED, decoded);

        assertEquals(List.of("btcusdt@trade", "ethusdt@trade"), decoded.streams, "a raw stream frame names none");
        assertEquals(2, decoded.events.size());
    }

    @Test
    void requestResponsesAreNotEvents()
            throws DecodeException
    {
        Decoded decoded = new Decoded();

        decoder(BinanceMarket.SPOT).decode("{\"result\":null,\"id\":1}", RECEIVED, decoded);
        decoder(BinanceMarket.SPOT).decode("{\"code\":2,\"msg\":\"Invalid request\",\"id\":2}", RECEIVED, decoded);

        assertEquals(List.of("response to request 1", "venue message 2: Invalid request"), decoded.ignored);
        assertEquals(List.of(), decoded.events);
    }

    private static String failure(BinanceDecoder decoder, String frame)
    {
        return assertThrows(DecodeException.class, () -> decoder.decode(frame, RECEIVED, new Decoded())).getMessage();
    }

    private static Trade trade(int connection)
    {
        return (Trade) byConnection.get(connection).events.get(0);
    }

    private static List<String> symbols(List<MarketEvent> events)
    {
        return events.stream().map(event -> event.instrument().symbol()).collect(Collectors.toList());
    }

    private static BinanceMarket market(String url)
    {
        if (url.contains("fstream.")) {
            return BinanceMarket.USDM;
        }
        return url.contains("dstream.") ? BinanceMarket.COINM : BinanceMarket.SPOT;
    }

    private static BinanceDecoder decoder(BinanceMarket market)
    {
        return new BinanceDecoder(symbol -> BinanceSymbols.fromNative(market, symbol));
    }

    private static final class Decoded
            implements BinanceDecoder.Handler
    {
        private final List<MarketEvent> events = new ArrayList<>();
        private final List<BinanceDepthUpdate> depthUpdates = new ArrayList<>();
        private final List<String> ignored = new ArrayList<>();
        private final List<String> streams = new ArrayList<>();

        @Override
        public void stream(String name)
        {
            streams.add(name);
        }

        @Override
        public void event(MarketEvent event)
        {
            events.add(event);
        }

        @Override
        public void depthUpdate(BinanceDepthUpdate update)
        {
            depthUpdates.add(update);
        }

        @Override
        public void serverShutdown()
        {
            ignored.add("serverShutdown");
        }

        @Override
        public void ignored(String what)
        {
            ignored.add(what);
        }
    }
}
