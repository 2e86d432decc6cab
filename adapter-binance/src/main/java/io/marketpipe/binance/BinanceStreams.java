package io.marketpipe.binance;

import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

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
    static List<Shard> shards(BinanceConfig config, List<Instrument> instruments)
    {
        List<Shard> shards = new ArrayList<>();
        List<Instrument> shardInstruments = new ArrayList<>();
        List<String> shardStreams = new ArrayList<>();
        for (Instrument instrument : instruments) {
            List<String> streams = streams(config, instrument.nativeSymbol());
            if (!shardStreams.isEmpty() && shardStreams.size() + streams.size() > config.maxStreamsPerConnection()) {
                shards.add(new Shard(shards.size(), url(config.webSocketUrl(), shardStreams), shardInstruments, shardStreams));
                shardInstruments = new ArrayList<>();
                shardStreams = new ArrayList<>();
            }
            shardInstruments.add(instrument);
            shardStreams.addAll(streams);
        }
        if (!shardStreams.isEmpty()) {
            shards.add(new Shard(shards.size(), url(config.webSocketUrl(), shardStreams), shardInstruments, shardStreams));
        }
        return shards;
    }

    static String url(String webSocketUrl, List<String> streams)
    {
        return webSocketUrl + "/stream?streams=" + String.join("/", streams);
    }

    /**
     * The streams and symbols of one connection.
     *
     * @param index the connection's position, for names in logs and status events
     * @param url the combined-stream URL
     */
    record Shard(int index, String url, List<Instrument> instruments, List<String> streams)
    {
        Shard
        {
            requireNonNull(url, "url is null");
            instruments = List.copyOf(instruments);
            streams = List.copyOf(streams);
        }
    }
}
