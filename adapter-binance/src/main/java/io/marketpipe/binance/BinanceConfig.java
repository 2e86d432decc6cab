package io.marketpipe.binance;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.VenueEndpoints;
import io.marketpipe.toolkit.VenueSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = binance} block: the keys every venue shares
 * ({@link VenueSettings}) and Binance's own, whose defaults are in the adapter's
 * {@code reference.conf}. A value Binance cannot serve fails here, naming its path.
 */
final class BinanceConfig
{
    /** Binance closes every stream connection after 24 hours. */
    static final Duration CONNECTION_LIFETIME = Duration.ofHours(24);
    /** The most streams Binance allows on one connection. */
    static final int MAX_STREAMS_PER_CONNECTION = 1024;

    private static final Set<Channel> OFFERED = EnumSet.allOf(Channel.class);

    private final VenueSettings venue;
    private final BinanceMarket market;
    private final List<Instrument> instruments;
    private final String tradeStream;
    private final List<CandleInterval> candleIntervals;
    private final int bookDepth;
    private final String depthStream;
    private final String webSocketUrl;
    private final String restUrl;
    private final int maxStreamsPerConnection;
    private final Duration reconnectBefore;
    private final boolean exchangeInfo;

    private BinanceConfig(PluginConfig config)
    {
        String path = config.path();
        this.venue = VenueSettings.from(config, OFFERED);
        try {
            this.market = BinanceMarket.fromConfigName(venue.market());
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(path + ".market", e.getMessage());
        }

        Map<String, Instrument> parsed = new LinkedHashMap<>();
        List<String> symbols = venue.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                Instrument instrument = BinanceSymbols.parseConfigured(market, symbols.get(i));
                parsed.putIfAbsent(instrument.nativeSymbol(), instrument);
            }
            catch (IllegalArgumentException e) {
                throw venue.badSymbol(i, e.getMessage());
            }
        }
        this.instruments = List.copyOf(parsed.values());

        if (venue.channels().contains(Channel.FUNDING) && !market.isFutures()) {
            throw new ConfigurationException(path + ".channels", "funding is offered by usdm and coinm only, not by " + market.configName());
        }

        String stream = config.getString("trade-stream");
        if (!stream.equals("trade") && !stream.equals("aggTrade")) {
            throw new ConfigurationException(path + ".trade-stream", "\"" + stream + "\" is not a trade stream; expected trade or aggTrade");
        }
        this.tradeStream = stream;

        List<String> intervals = config.getStringList("candle-intervals");
        List<CandleInterval> candles = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            CandleInterval interval;
            try {
                interval = CandleInterval.parse(intervals.get(i));
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(path + ".candle-intervals[" + i + "]", e.getMessage());
            }
            if (!market.offersInterval(interval)) {
                throw new ConfigurationException(path + ".candle-intervals[" + i + "]", "Binance " + market.configName() + " has no " + interval + " klines");
            }
            candles.add(interval);
        }
        if (venue.channels().contains(Channel.CANDLES) && candles.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }
        this.candleIntervals = List.copyOf(candles);

        this.bookDepth = config.getInt("book-depth");
        String depthProblem = market.checkBookDepth(bookDepth);
        if (depthProblem != null) {
            throw new ConfigurationException(path + ".book-depth", bookDepth + " " + depthProblem);
        }

        Duration speed = config.getDuration("depth-speed");
        this.depthStream = market.depthStream(speed.toMillis());
        if (depthStream == null) {
            throw new ConfigurationException(path + ".depth-speed", speed.toMillis() + "ms is not a diff depth speed of " + market.configName()
                    + "; expected " + (market.isFutures() ? "0ms, 100ms, 250ms or 500ms" : "100ms or 1000ms"));
        }

        VenueEndpoints endpoints = venue.endpoints(market.configName());
        this.webSocketUrl = endpoints.webSocketUrl();
        this.restUrl = endpoints.restUrl();

        this.maxStreamsPerConnection = config.getInt("max-streams-per-connection");
        if (maxStreamsPerConnection < 1 || maxStreamsPerConnection > MAX_STREAMS_PER_CONNECTION) {
            throw new ConfigurationException(path + ".max-streams-per-connection", maxStreamsPerConnection + " must be between 1 and " + MAX_STREAMS_PER_CONNECTION);
        }
        int streamsPerSymbol = 0;
        for (Channel channel : venue.channels()) {
            streamsPerSymbol += channel == Channel.CANDLES ? candleIntervals.size() : 1;
        }
        if (maxStreamsPerConnection < streamsPerSymbol) {
            throw new ConfigurationException(path + ".max-streams-per-connection",
                    maxStreamsPerConnection + " is fewer than the " + streamsPerSymbol + " streams each symbol needs for the configured channels");
        }

        this.reconnectBefore = config.getDuration("reconnect-before");
        if (reconnectBefore.isNegative() || reconnectBefore.isZero() || reconnectBefore.compareTo(CONNECTION_LIFETIME) >= 0) {
            throw new ConfigurationException(path + ".reconnect-before", reconnectBefore + " must be positive and shorter than Binance's 24h connection limit");
        }
        this.exchangeInfo = config.getBoolean("exchange-info");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static BinanceConfig from(PluginConfig config)
    {
        return new BinanceConfig(requireNonNull(config, "config is null"));
    }

    /**
     * @return the settings every venue shares
     */
    VenueSettings venue()
    {
        return venue;
    }

    BinanceMarket market()
    {
        return market;
    }

    /**
     * @return the configured instruments in configured order, as far as the symbols alone tell
     */
    List<Instrument> instruments()
    {
        return instruments;
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }

    /**
     * @return {@code trade} or {@code aggTrade}
     */
    String tradeStream()
    {
        return tradeStream;
    }

    List<CandleInterval> candleIntervals()
    {
        return candleIntervals;
    }

    /**
     * @return the levels of a REST book snapshot
     */
    int bookDepth()
    {
        return bookDepth;
    }

    /**
     * @return the diff depth stream suffix, e.g. {@code depth@100ms}
     */
    String depthStream()
    {
        return depthStream;
    }

    /**
     * @return the WebSocket base URL without a trailing slash
     */
    String webSocketUrl()
    {
        return webSocketUrl;
    }

    /**
     * @return the REST base URL without a trailing slash
     */
    String restUrl()
    {
        return restUrl;
    }

    int maxStreamsPerConnection()
    {
        return maxStreamsPerConnection;
    }

    Duration reconnectBefore()
    {
        return reconnectBefore;
    }

    boolean exchangeInfo()
    {
        return exchangeInfo;
    }
}
