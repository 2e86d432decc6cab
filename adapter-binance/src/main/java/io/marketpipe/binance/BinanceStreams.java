package io.marketpipe.binance;

import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.StreamShard;

import java.util.ArrayList;
import java.util.List;

/**
 * Which streams the configured channels need and how they are spread over connections: a
 * combined-stream URL per connection ({@code <ws-url>/stream?streams=a/b/c}), at most
 * {@code max-streams-per-connection} streams each, and every stream of one symbol on the same
 * connection so that a dropped connection affects whole symbols.
 */
final class BinanceStreams
{
    private BinanceStreams() {}

    /**
     * @return the stream names of one symbol, in channel order
     */
    static List<String> streams(BinanceConfig config, String nativeSymbol)
    {
        String symbol = BinanceSymbols.streamSymbol(nativeSymbol);
        List<String> streams = new ArrayList<>();
        for (Channel channel : config.channels()) {
            switch (channel) {
                case TRADES:
                    streams.add(symbol + "@" + config.tradeStream());
                    break;
                case QUOTES:
                    streams.add(symbol + "@bookTicker");
                    break;
                case TICKER:
                    streams.add(symbol + "@ticker");
                    break;
                case BOOK:
                    streams.add(symbol + "@" + config.depthStream());
                    break;
                case CANDLES:
                    for (CandleInterval interval : config.candleIntervals()) {
                        streams.add(symbol + "@kline_" + interval.label());
                    }
                    break;
                case FUNDING:
                    streams.add(symbol + "@markPrice@1s");
                    break;
                default:
                    throw new IllegalStateException("unhandled channel " + channel);
            }
        }
        return streams;
    }

    /**
     * Packs the symbols, in configured order, into as few connections as the stream limit allows.
     */
    static List<StreamShard> shards(BinanceConfig config, List<Instrument> instruments)
    {
        List<StreamShard> shards = new ArrayList<>();
        List<Instrument> shardInstruments = new ArrayList<>();
        List<String> shardStreams = new ArrayList<>();
        for (Instrument instrument : instruments) {
            List<String> streams = streams(config, instrument.nativeSymbol());
            if (!shardStreams.isEmpty() && shardStreams.size() + streams.size() > config.maxStreamsPerConnection()) {
                shards.add(new StreamShard(shards.size(), url(config.webSocketUrl(), shardStreams), shardInstruments, shardStreams));
                shardInstruments = new ArrayList<>();
                shardStreams = new ArrayList<>();
            }
            shardInstruments.add(instrument);
            shardStreams.addAll(streams);
        }
        if (!shardStreams.isEmpty()) {
            shards.add(new StreamShard(shards.size(), url(config.webSocketUrl(), shardStreams), shardInstruments, shardStreams));
        }
        return shards;
    }

    static String url(String webSocketUrl, List<String> streams)
    {
        return webSocketUrl + "/stream?streams=" + String.join("/", streams);
    }
}
