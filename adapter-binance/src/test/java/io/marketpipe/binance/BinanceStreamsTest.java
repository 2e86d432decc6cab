package io.marketpipe.binance;

import io.marketpipe.toolkit.StreamShard;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BinanceStreamsTest
{
    @Test
    void everyChannelHasItsStream()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config(
                "market = usdm, symbols = [BTCUSDT], channels = [trades, quotes, ticker, book, candles, funding], trade-stream = aggTrade, "
                        + "candle-intervals = [1m, 1h], depth-speed = 500ms"));

        assertEquals(List.of("btcusdt@aggTrade", "btcusdt@bookTicker", "btcusdt@ticker", "btcusdt@depth@500ms", "btcusdt@kline_1m", "btcusdt@kline_1h", "btcusdt@markPrice@1s"),
                BinanceStreams.streams(config, "BTCUSDT"));
    }

    @Test
    void slowSpotDepthIsThePlainDepthStream()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config("symbols = [BTCUSDT], channels = [book], depth-speed = 1000ms"));

        assertEquals(List.of("btcusdt@depth"), BinanceStreams.streams(config, "BTCUSDT"));
    }

    @Test
    void symbolsArePackedWholeIntoConnectionsInConfiguredOrder()
    {
        BinanceConfig config = BinanceConfig.from(TestContext.config(
                "symbols = [BTCUSDT, ETHUSDT, BNBUSDT], channels = [trades, book], max-streams-per-connection = 5, ws-url = \"ws://127.0.0.1:9000\""));

        List<StreamShard> shards = BinanceStreams.shards(config, config.instruments());

        assertEquals(2, shards.size());
        assertEquals("ws://127.0.0.1:9000/stream?streams=btcusdt@trade/btcusdt@depth@100ms/ethusdt@trade/ethusdt@depth@100ms", shards.get(0).url());
        assertEquals(List.of("BNBUSDT"), shards.get(1).instruments().stream().map(instrument -> instrument.nativeSymbol()).toList());
        assertEquals(List.of("bnbusdt@trade", "bnbusdt@depth@100ms"), shards.get(1).streams());
        assertEquals(1, shards.get(1).index());
    }
}
