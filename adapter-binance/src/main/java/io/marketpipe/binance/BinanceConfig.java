package io.marketpipe.binance;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = binance} block. Every key and its default is in the
 * adapter's {@code reference.conf}; a value Binance cannot serve fails here, naming its path.
 */
final class BinanceConfig
{
    /** Binance closes every stream connection after 24 hours. */
    static final Duration CONNECTION_LIFETIME = Duration.ofHours(24);
    /** The most streams Binance allows on one connection. */
    static final int MAX_STREAMS_PER_CONNECTION = 1024;

    private final BinanceMarket market;
    private final List<Instrument> instruments;
    private final Set<Channel> channels;
    private final String tradeStream;
    private final List<CandleInterval> candleIntervals;
    private final int bookDepth;
    private final String depthStream;
    private final String webSocketUrl;
    private final String restUrl;
    private final int maxStreamsPerConnection;
    private final Duration reconnectBefore;
    private final Duration reconnectBackoffMin;
    private final Duration reconnectBackoffMax;
    private final int circuitBreakerThreshold;
    private final Duration circuitBreakerOpen;
    private final Duration staleAfter;
    private final Duration streamStaleAfter;
    private final int tradeBackfillLimit;
    private final int publishDepth;
    private final boolean exchangeInfo;

    private BinanceConfig(Builder builder)
    {
        this.market = requireNonNull(builder.market, "market is null");
        this.instruments = List.copyOf(builder.instruments);
        this.channels = Collections.unmodifiableSet(EnumSet.copyOf(builder.channels));
        this.tradeStream = requireNonNull(builder.tradeStream, "tradeStream is null");
        this.candleIntervals = List.copyOf(builder.candleIntervals);
        this.bookDepth = builder.bookDepth;
        this.depthStream = requireNonNull(builder.depthStream, "depthStream is null");
        this.webSocketUrl = requireNonNull(builder.webSocketUrl, "webSocketUrl is null");
        this.restUrl = requireNonNull(builder.restUrl, "restUrl is null");
        this.maxStreamsPerConnection = builder.maxStreamsPerConnection;
        this.reconnectBefore = requireNonNull(builder.reconnectBefore, "reconnectBefore is null");
        this.reconnectBackoffMin = requireNonNull(builder.reconnectBackoffMin, "reconnectBackoffMin is null");
        this.reconnectBackoffMax = requireNonNull(builder.reconnectBackoffMax, "reconnectBackoffMax is null");
        this.circuitBreakerThreshold = builder.circuitBreakerThreshold;
        this.circuitBreakerOpen = requireNonNull(builder.circuitBreakerOpen, "circuitBreakerOpen is null");
        this.staleAfter = requireNonNull(builder.staleAfter, "staleAfter is null");
        this.streamStaleAfter = requireNonNull(builder.streamStaleAfter, "streamStaleAfter is null");
        this.tradeBackfillLimit = builder.tradeBackfillLimit;
        this.publishDepth = builder.publishDepth;
        this.exchangeInfo = builder.exchangeInfo;
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static BinanceConfig from(PluginConfig config)
    {
        Builder builder = new Builder();
        String path = config.path();

        String marketName = config.getString("market");
        try {
            builder.market = BinanceMarket.fromConfigName(marketName);
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(path + ".market", e.getMessage());
        }
        BinanceMarket market = builder.market;

        List<String> symbols = config.getStringList("symbols");
        if (symbols.isEmpty()) {
            throw new ConfigurationException(path + ".symbols", "no symbols; list at least one, e.g. symbols = [BTC/USDT]");
        }
        Map<String, Instrument> instruments = new LinkedHashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                Instrument instrument = BinanceSymbols.parseConfigured(market, symbols.get(i));
                instruments.putIfAbsent(instrument.nativeSymbol(), instrument);
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(path + ".symbols[" + i + "]", e.getMessage());
            }
        }
        builder.instruments = new ArrayList<>(instruments.values());

        List<String> channelNames = config.getStringList("channels");
        if (channelNames.isEmpty()) {
            throw new ConfigurationException(path + ".channels", "no channels; list at least one of trades, quotes, ticker, book, candles, funding");
        }
        for (int i = 0; i < channelNames.size(); i++) {
            try {
                builder.channels.add(Channel.fromConfigName(channelNames.get(i)));
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(path + ".channels[" + i + "]", e.getMessage());
            }
        }
        if (builder.channels.contains(Channel.FUNDING) && !market.isFutures()) {
            throw new ConfigurationException(path + ".channels", "funding is offered by usdm and coinm only, not by " + market.configName());
        }

        String tradeStream = config.getString("trade-stream");
        if (!tradeStream.equals("trade") && !tradeStream.equals("aggTrade")) {
            throw new ConfigurationException(path + ".trade-stream", "\"" + tradeStream + "\" is not a trade stream; expected trade or aggTrade");
        }
        builder.tradeStream = tradeStream;

        List<String> intervals = config.getStringList("candle-intervals");
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
            builder.candleIntervals.add(interval);
        }
        if (builder.channels.contains(Channel.CANDLES) && builder.candleIntervals.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }

        builder.bookDepth = config.getInt("book-depth");
        String depthProblem = market.checkBookDepth(builder.bookDepth);
        if (depthProblem != null) {
            throw new ConfigurationException(path + ".book-depth", builder.bookDepth + " " + depthProblem);
        }

        Duration speed = config.getDuration("depth-speed");
        builder.depthStream = market.depthStream(speed.toMillis());
        if (builder.depthStream == null) {
            throw new ConfigurationException(path + ".depth-speed", speed.toMillis() + "ms is not a diff depth speed of " + market.configName()
                    + "; expected " + (market.isFutures() ? "0ms, 100ms, 250ms or 500ms" : "100ms or 1000ms"));
        }

        String webSocketUrl = config.getString("ws-url").trim();
        builder.webSocketUrl = webSocketUrl.isEmpty() ? market.defaultWebSocketUrl() : stripTrailingSlash(webSocketUrl);
        if (!builder.webSocketUrl.startsWith("ws://") && !builder.webSocketUrl.startsWith("wss://")) {
            throw new ConfigurationException(path + ".ws-url", "\"" + webSocketUrl + "\" is not a ws:// or wss:// URL");
        }
        String restUrl = config.getString("rest-url").trim();
        builder.restUrl = restUrl.isEmpty() ? market.defaultRestUrl() : stripTrailingSlash(restUrl);
        if (!builder.restUrl.startsWith("http://") && !builder.restUrl.startsWith("https://")) {
            throw new ConfigurationException(path + ".rest-url", "\"" + restUrl + "\" is not an http:// or https:// URL");
        }

        builder.maxStreamsPerConnection = config.getInt("max-streams-per-connection");
        if (builder.maxStreamsPerConnection < 1 || builder.maxStreamsPerConnection > MAX_STREAMS_PER_CONNECTION) {
            throw new ConfigurationException(path + ".max-streams-per-connection", builder.maxStreamsPerConnection + " must be between 1 and " + MAX_STREAMS_PER_CONNECTION);
        }
        int streamsPerSymbol = builder.streamsPerSymbol();
        if (builder.maxStreamsPerConnection < streamsPerSymbol) {
            throw new ConfigurationException(path + ".max-streams-per-connection",
                    builder.maxStreamsPerConnection + " is fewer than the " + streamsPerSymbol + " streams each symbol needs for the configured channels");
        }

        builder.reconnectBefore = config.getDuration("reconnect-before");
        if (builder.reconnectBefore.isNegative() || builder.reconnectBefore.isZero() || builder.reconnectBefore.compareTo(CONNECTION_LIFETIME) >= 0) {
            throw new ConfigurationException(path + ".reconnect-before", builder.reconnectBefore + " must be positive and shorter than Binance's 24h connection limit");
        }
        builder.reconnectBackoffMin = config.getDuration("reconnect-backoff-min");
        builder.reconnectBackoffMax = config.getDuration("reconnect-backoff-max");
        if (builder.reconnectBackoffMin.isNegative() || builder.reconnectBackoffMin.isZero()) {
            throw new ConfigurationException(path + ".reconnect-backoff-min", "must be positive");
        }
        if (builder.reconnectBackoffMax.compareTo(builder.reconnectBackoffMin) < 0) {
            throw new ConfigurationException(path + ".reconnect-backoff-max", builder.reconnectBackoffMax + " is shorter than reconnect-backoff-min " + builder.reconnectBackoffMin);
        }

        builder.circuitBreakerThreshold = config.getInt("circuit-breaker-threshold");
        if (builder.circuitBreakerThreshold < 1) {
            throw new ConfigurationException(path + ".circuit-breaker-threshold", builder.circuitBreakerThreshold + " must be at least 1");
        }
        builder.circuitBreakerOpen = config.getDuration("circuit-breaker-open");
        if (builder.circuitBreakerOpen.isNegative() || builder.circuitBreakerOpen.isZero()) {
            throw new ConfigurationException(path + ".circuit-breaker-open", "must be positive");
        }
        builder.staleAfter = config.getDuration("stale-after");
        if (builder.staleAfter.isNegative()) {
            throw new ConfigurationException(path + ".stale-after", "must not be negative");
        }
        builder.streamStaleAfter = config.getDuration("stream-stale-after");
        if (builder.streamStaleAfter.isNegative()) {
            throw new ConfigurationException(path + ".stream-stale-after", "must not be negative");
        }
        builder.tradeBackfillLimit = config.getInt("trade-backfill-limit");
        if (builder.tradeBackfillLimit < 0) {
            throw new ConfigurationException(path + ".trade-backfill-limit", builder.tradeBackfillLimit + " must not be negative");
        }

        builder.publishDepth = config.getInt("publish-depth");
        if (builder.publishDepth < 1) {
            throw new ConfigurationException(path + ".publish-depth", builder.publishDepth + " must be at least 1");
        }
        builder.exchangeInfo = config.getBoolean("exchange-info");
        return new BinanceConfig(builder);
    }

    private static String stripTrailingSlash(String url)
    {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
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
        return channels;
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

    Duration reconnectBackoffMin()
    {
        return reconnectBackoffMin;
    }

    Duration reconnectBackoffMax()
    {
        return reconnectBackoffMax;
    }

    /**
     * @return failed connection attempts in a row that open the circuit breaker
     */
    int circuitBreakerThreshold()
    {
        return circuitBreakerThreshold;
    }

    /**
     * @return how long an open circuit breaker holds connection attempts back
     */
    Duration circuitBreakerOpen()
    {
        return circuitBreakerOpen;
    }

    /**
     * @return the silence after which a connection is reopened; zero when the watchdog is off
     */
    Duration staleAfter()
    {
        return staleAfter;
    }

    /**
     * @return the silence after which a stream is subscribed again; zero when off
     */
    Duration streamStaleAfter()
    {
        return streamStaleAfter;
    }

    /**
     * @return the most trades fetched over REST to fill one gap; zero when gaps are only reported
     */
    int tradeBackfillLimit()
    {
        return tradeBackfillLimit;
    }

    int publishDepth()
    {
        return publishDepth;
    }

    boolean exchangeInfo()
    {
        return exchangeInfo;
    }

    private static final class Builder
    {
        private BinanceMarket market;
        private List<Instrument> instruments = new ArrayList<>();
        private final Set<Channel> channels = EnumSet.noneOf(Channel.class);
        private String tradeStream;
        private final List<CandleInterval> candleIntervals = new ArrayList<>();
        private int bookDepth;
        private String depthStream;
        private String webSocketUrl;
        private String restUrl;
        private int maxStreamsPerConnection;
        private Duration reconnectBefore;
        private Duration reconnectBackoffMin;
        private Duration reconnectBackoffMax;
        private int circuitBreakerThreshold;
        private Duration circuitBreakerOpen;
        private Duration staleAfter;
        private Duration streamStaleAfter;
        private int tradeBackfillLimit;
        private int publishDepth;
        private boolean exchangeInfo;

        private int streamsPerSymbol()
        {
            int streams = 0;
            for (Channel channel : channels) {
                streams += channel == Channel.CANDLES ? candleIntervals.size() : 1;
            }
            return streams;
        }
    }
}
