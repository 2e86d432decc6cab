package io.marketpipe.okx;

import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.toolkit.StreamShard;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Which OKX channels the configured channels need, on which endpoint, and the subscribe messages
 * for them. A stream is named {@code channel:instId} ({@code books:BTC-USDT}). Candles and
 * {@code trades-all} live on {@code /ws/v5/business}, everything else on {@code /ws/v5/public};
 * each endpoint's streams are packed into connections of at most
 * {@code max-subscriptions-per-connection}, every stream of one instrument on the same one.
 */
final class OkxChannels
{
    static final String PUBLIC = "/public";
    static final String BUSINESS = "/business";
    /** Arguments per subscribe message, well inside OKX's 64 KiB request limit. */
    static final int ARGS_PER_MESSAGE = 100;

    private OkxChannels() {}

    /**
     * @return OKX's bar name of an interval: {@code 1m}, {@code 1H}, UTC-aligned {@code 6Hutc}, {@code 1Dutc}
     * @throws IllegalArgumentException for an interval OKX has no candles for
     */
    static String bar(CandleInterval interval)
    {
        String label = interval.label();
        switch (label) {
            case "1s":
            case "1m":
            case "3m":
            case "5m":
            case "15m":
            case "30m":
                return label;
            case "1h":
            case "2h":
            case "4h":
                return label.toUpperCase(java.util.Locale.ROOT);
            case "6h":
            case "12h":
            case "1d":
            case "2d":
            case "3d":
            case "1w":
                return label.toUpperCase(java.util.Locale.ROOT) + "utc";
            case "1M":
            case "3M":
                return label + "utc";
            default:
                throw new IllegalArgumentException("OKX has no " + label + " candles; it has 1s, 1m, 3m, 5m, 15m, 30m, 1h, 2h, 4h, 6h, 12h, 1d, 2d, 3d, 1w, 1M and 3M");
        }
    }

    /**
     * @return the streams of one instrument on one endpoint, in channel order
     */
    static List<String> streams(OkxConfig config, Instrument instrument, String endpoint)
    {
        String id = instrument.nativeSymbol();
        List<String> streams = new ArrayList<>();
        for (Channel channel : config.channels()) {
            switch (channel) {
                case TRADES:
                    if (endpoint.equals(config.tradeChannel().equals("trades") ? PUBLIC : BUSINESS)) {
                        streams.add(config.tradeChannel() + ":" + id);
                    }
                    break;
                case QUOTES:
                    addPublic(streams, endpoint, "bbo-tbt:" + id);
                    break;
                case TICKER:
                    addPublic(streams, endpoint, "tickers:" + id);
                    break;
                case BOOK:
                    addPublic(streams, endpoint, config.bookChannel() + ":" + id);
                    break;
                case FUNDING:
                    if (instrument.kind() == MarketKind.PERPETUAL) {
                        addPublic(streams, endpoint, "funding-rate:" + id);
                    }
                    break;
                case CANDLES:
                    if (endpoint.equals(BUSINESS)) {
                        for (CandleInterval interval : config.candleIntervals()) {
                            streams.add("candle" + bar(interval) + ":" + id);
                        }
                    }
                    break;
                default:
                    throw new IllegalStateException("unhandled channel " + channel);
            }
        }
        return streams;
    }

    private static void addPublic(List<String> streams, String endpoint, String stream)
    {
        if (endpoint.equals(PUBLIC)) {
            streams.add(stream);
        }
    }

    /**
     * Packs the instruments, in configured order, into as few connections per endpoint as the
     * subscription limit allows.
     */
    static List<StreamShard> shards(OkxConfig config, List<Instrument> instruments)
    {
        List<StreamShard> shards = new ArrayList<>();
        for (String endpoint : List.of(PUBLIC, BUSINESS)) {
            String url = config.webSocketUrl() + endpoint;
            List<Instrument> shardInstruments = new ArrayList<>();
            List<String> shardStreams = new ArrayList<>();
            for (Instrument instrument : instruments) {
                List<String> streams = streams(config, instrument, endpoint);
                if (streams.isEmpty()) {
                    continue;
                }
                if (!shardStreams.isEmpty() && shardStreams.size() + streams.size() > config.maxSubscriptionsPerConnection()) {
                    shards.add(new StreamShard(shards.size(), url, shardInstruments, shardStreams));
                    shardInstruments = new ArrayList<>();
                    shardStreams = new ArrayList<>();
                }
                shardInstruments.add(instrument);
                shardStreams.addAll(streams);
            }
            if (!shardStreams.isEmpty()) {
                shards.add(new StreamShard(shards.size(), url, shardInstruments, shardStreams));
            }
        }
        return shards;
    }

    /**
     * @param op {@code subscribe} or {@code unsubscribe}
     * @return the messages for the streams, {@value #ARGS_PER_MESSAGE} arguments each
     */
    static List<String> requests(String op, List<String> streams)
    {
        List<String> messages = new ArrayList<>();
        for (int from = 0; from < streams.size(); from += ARGS_PER_MESSAGE) {
            String args = streams.subList(from, Math.min(streams.size(), from + ARGS_PER_MESSAGE)).stream()
                    .map(OkxChannels::argument)
                    .collect(Collectors.joining(",", "[", "]"));
            messages.add("{\"op\":\"" + op + "\",\"args\":" + args + "}");
        }
        return messages;
    }

    /**
     * @return the stream name of a channel and instrument id, as {@link #streams} names it
     */
    static String stream(String channel, String instrumentId)
    {
        return channel + ":" + instrumentId;
    }

    private static String argument(String stream)
    {
        int colon = stream.indexOf(':');
        return "{\"channel\":\"" + stream.substring(0, colon) + "\",\"instId\":\"" + stream.substring(colon + 1) + "\"}";
    }
}
