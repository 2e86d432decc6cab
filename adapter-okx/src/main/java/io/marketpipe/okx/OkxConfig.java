package io.marketpipe.okx;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.VenueEndpoints;
import io.marketpipe.toolkit.VenueSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = okx} block: the keys every venue shares
 * ({@link VenueSettings}) and OKX's own, whose defaults are in the adapter's
 * {@code reference.conf}. A value OKX cannot serve fails in {@link #from}, naming its path.
 *
 * @param market the configured instrument type, or null for {@code mixed}
 * @param instruments the configured instruments in configured order, as far as their ids tell
 * @param tradeChannel {@code trades} (aggregated per taker order and price) or {@code trades-all} (every fill)
 * @param bookChannel {@code books}, {@code books5}, {@code books50-l2-tbt} or {@code books-l2-tbt}
 * @param webSocketUrl the WebSocket base, to which {@code /public} and {@code /business} are appended
 * @param restUrl the REST base URL without a trailing slash
 * @param loadInstruments whether instrument definitions are loaded over REST at start
 */
record OkxConfig(
        VenueSettings venue,
        OkxInstrumentType market,
        List<Instrument> instruments,
        String tradeChannel,
        String bookChannel,
        String webSocketUrl,
        String restUrl,
        List<CandleInterval> candleIntervals,
        int maxSubscriptionsPerConnection,
        boolean loadInstruments)
{
    private static final Set<Channel> OFFERED = EnumSet.allOf(Channel.class);
    private static final List<String> TRADE_CHANNELS = List.of("trades", "trades-all");
    private static final List<String> BOOK_CHANNELS = List.of("books", "books5", "books50-l2-tbt", "books-l2-tbt");

    OkxConfig
    {
        requireNonNull(venue, "venue is null");
        instruments = List.copyOf(instruments);
        candleIntervals = List.copyOf(candleIntervals);
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static OkxConfig from(PluginConfig config)
    {
        String path = config.path();
        VenueSettings venue = VenueSettings.from(config, OFFERED);
        OkxInstrumentType market;
        try {
            market = OkxInstrumentType.fromConfigName(venue.market());
        }
        catch (IllegalArgumentException e) {
            throw venue.unknownMarket("OKX", "spot", "swap", "futures", "option", OkxInstrumentType.MIXED);
        }

        OkxInstrumentType type = market;
        List<Instrument> instruments = venue.instruments(symbol -> OkxSymbols.parseConfigured(type, symbol));

        if (venue.channels().contains(Channel.FUNDING) && market != null && market != OkxInstrumentType.SWAP) {
            throw new ConfigurationException(path + ".channels", "funding is offered for swaps only, not for " + market.configName());
        }

        String tradeChannel = config.getString("trade-channel");
        if (!TRADE_CHANNELS.contains(tradeChannel)) {
            throw new ConfigurationException(path + ".trade-channel", "\"" + tradeChannel + "\" is not a trade channel; expected trades or trades-all");
        }
        String bookChannel = config.getString("book-channel");
        if (!BOOK_CHANNELS.contains(bookChannel)) {
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

        int maxSubscriptions = config.getInt("max-subscriptions-per-connection");
        if (maxSubscriptions < 1) {
            throw new ConfigurationException(path + ".max-subscriptions-per-connection", maxSubscriptions + " must be at least 1");
        }
        VenueEndpoints endpoints = venue.endpoints("");
        return new OkxConfig(venue, market, instruments, tradeChannel, bookChannel, endpoints.webSocketUrl(), endpoints.restUrl(),
                candles, maxSubscriptions, config.getBoolean("load-instruments"));
    }

    /**
     * @return {@code spot}, {@code swap}, {@code futures}, {@code option} or {@code mixed}
     */
    String marketName()
    {
        return market == null ? OkxInstrumentType.MIXED : market.configName();
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }
}
