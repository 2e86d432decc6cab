package io.marketpipe.okx;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.VenueSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = okx} block: the keys every venue shares
 * ({@link VenueSettings}) and OKX's own, whose defaults are in the adapter's
 * {@code reference.conf}. A value OKX cannot serve fails here, naming its path.
 */
final class OkxConfig
{
    static final String PRODUCTION_WS_URL = "wss://ws.okx.com:8443/ws/v5";
    static final String PRODUCTION_REST_URL = "https://www.okx.com";

    private static final Set<Channel> OFFERED = EnumSet.allOf(Channel.class);
    private static final List<String> TRADE_CHANNELS = List.of("trades", "trades-all");
    private static final Map<String, Integer> BOOK_CHANNEL_DEPTHS = Map.of(
            "books", 400,
            "books5", 5,
            "books50-l2-tbt", 50,
            "books-l2-tbt", 400);

    private final VenueSettings venue;
    private final OkxInstrumentType market;
    private final List<Instrument> instruments;
    private final String tradeChannel;
    private final String bookChannel;
    private final List<CandleInterval> candleIntervals;
    private final String webSocketUrl;
    private final String restUrl;
    private final int maxSubscriptionsPerConnection;
    private final boolean loadInstruments;

    private OkxConfig(PluginConfig config)
    {
        String path = config.path();
        this.venue = VenueSettings.from(config, OFFERED);
        try {
            this.market = OkxInstrumentType.fromConfigName(venue.market());
        }
        catch (IllegalArgumentException e) {
            throw venue.unknownMarket("OKX", "spot", "swap", "futures", "option", OkxInstrumentType.MIXED);
        }

        Map<String, Instrument> parsed = new LinkedHashMap<>();
        List<String> symbols = venue.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                Instrument instrument = OkxSymbols.parseConfigured(market, symbols.get(i));
                parsed.putIfAbsent(instrument.nativeSymbol(), instrument);
            }
            catch (IllegalArgumentException e) {
                throw venue.badSymbol(i, e.getMessage());
            }
        }
        this.instruments = List.copyOf(parsed.values());

        if (venue.channels().contains(Channel.FUNDING) && market != null && market != OkxInstrumentType.SWAP) {
            throw new ConfigurationException(path + ".channels", "funding is offered for swaps only, not for " + market.configName());
        }

        this.tradeChannel = config.getString("trade-channel");
        if (!TRADE_CHANNELS.contains(tradeChannel)) {
            throw new ConfigurationException(path + ".trade-channel", "\"" + tradeChannel + "\" is not a trade channel; expected trades or trades-all");
        }
        this.bookChannel = config.getString("book-channel");
        if (!BOOK_CHANNEL_DEPTHS.containsKey(bookChannel)) {
            throw new ConfigurationException(path + ".book-channel", "\"" + bookChannel + "\" is not a book channel; expected books, books5, books50-l2-tbt or books-l2-tbt");
        }

        List<String> intervals = config.getStringList("candle-intervals");
        List<CandleInterval> candles = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            try {
                CandleInterval interval = CandleInterval.parse(intervals.get(i));
                OkxChannels.bar(interval);
                candles.add(interval);
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(path + ".candle-intervals[" + i + "]", e.getMessage());
            }
        }
        if (venue.channels().contains(Channel.CANDLES) && candles.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }
        this.candleIntervals = List.copyOf(candles);

        this.webSocketUrl = venue.webSocketUrl(PRODUCTION_WS_URL);
        this.restUrl = venue.restUrl(PRODUCTION_REST_URL);
        this.maxSubscriptionsPerConnection = config.getInt("max-subscriptions-per-connection");
        if (maxSubscriptionsPerConnection < 1) {
            throw new ConfigurationException(path + ".max-subscriptions-per-connection", maxSubscriptionsPerConnection + " must be at least 1");
        }
        this.loadInstruments = config.getBoolean("load-instruments");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static OkxConfig from(PluginConfig config)
    {
        return new OkxConfig(requireNonNull(config, "config is null"));
    }

    VenueSettings venue()
    {
        return venue;
    }

    /**
     * @return the configured instrument type, or null for {@code mixed}
     */
    OkxInstrumentType market()
    {
        return market;
    }

    /**
     * @return {@code spot}, {@code swap}, {@code futures}, {@code option} or {@code mixed}
     */
    String marketName()
    {
        return market == null ? OkxInstrumentType.MIXED : market.configName();
    }

    /**
     * @return the configured instruments in configured order, as far as their ids tell
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
     * @return {@code trades} (aggregated per taker order and price) or {@code trades-all} (every fill)
     */
    String tradeChannel()
    {
        return tradeChannel;
    }

    String bookChannel()
    {
        return bookChannel;
    }

    /**
     * @return the levels per side the book channel maintains
     */
    int bookDepth()
    {
        return BOOK_CHANNEL_DEPTHS.get(bookChannel);
    }

    List<CandleInterval> candleIntervals()
    {
        return candleIntervals;
    }

    /**
     * @return the WebSocket base, to which {@code /public} and {@code /business} are appended
     */
    String webSocketUrl()
    {
        return webSocketUrl;
    }

    String restUrl()
    {
        return restUrl;
    }

    int maxSubscriptionsPerConnection()
    {
        return maxSubscriptionsPerConnection;
    }

    boolean loadInstruments()
    {
        return loadInstruments;
    }
}
