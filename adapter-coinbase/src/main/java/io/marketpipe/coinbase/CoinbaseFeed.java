package io.marketpipe.coinbase;

import io.marketpipe.api.connector.Channel;

import java.util.EnumSet;
import java.util.Set;

/**
 * The two public Coinbase market data feeds. Both record as {@code exchange: coinbase}; each has
 * its own connector type (whose defaults declare its production endpoints) and channel names.
 */
enum CoinbaseFeed
{
    /**
     * Advanced Trade: {@code channel} envelopes numbered by {@code sequence_num} per connection.
     */
    ADVANCED_TRADE("coinbase",
            EnumSet.of(Channel.TRADES, Channel.QUOTES, Channel.TICKER, Channel.BOOK, Channel.CANDLES),
            "heartbeats"),
    /**
     * The Coinbase Exchange feed: messages typed by {@code type}, sequenced per product.
     */
    EXCHANGE("coinbase-exchange",
            EnumSet.of(Channel.TRADES, Channel.QUOTES, Channel.TICKER, Channel.BOOK),
            "heartbeat");

    /** The protocol family every Coinbase instrument and status names. */
    static final String VENUE = "coinbase";

    private final String type;
    private final Set<Channel> offered;
    private final String heartbeatChannel;

    CoinbaseFeed(String type, Set<Channel> offered, String heartbeatChannel)
    {
        this.type = type;
        this.offered = offered;
        this.heartbeatChannel = heartbeatChannel;
    }

    /**
     * @return the connector type in HOCON
     */
    String type()
    {
        return type;
    }

    Set<Channel> offered()
    {
        return EnumSet.copyOf(offered);
    }

    /**
     * @return the channel subscribed on every connection to keep it and its quiet channels open
     */
    String heartbeatChannel()
    {
        return heartbeatChannel;
    }
}
