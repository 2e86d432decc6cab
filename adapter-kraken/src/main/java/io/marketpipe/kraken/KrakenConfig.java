package io.marketpipe.kraken;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.VenueEndpoints;
import io.marketpipe.toolkit.VenueSettings;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = kraken} block: the keys every venue shares
 * ({@link VenueSettings}) and Kraken's own, whose defaults are in the adapter's
 * {@code reference.conf}. A value Kraken cannot serve fails in {@link #from}, naming its path.
 *
 * @param instruments the configured pairs in configured order, as far as the symbols alone tell
 * @param skippedSymbols symbols of a {@code mixed} block that name no Kraken spot pair (futures products)
 * @param bookDepth levels per side of the book subscription
 * @param assetPairs whether the pair registry is loaded from REST at start
 */
record KrakenConfig(
        VenueSettings venue,
        KrakenApi api,
        List<Instrument> instruments,
        List<String> skippedSymbols,
        int bookDepth,
        List<CandleInterval> candleIntervals,
        String webSocketUrl,
        String restUrl,
        boolean assetPairs)
{
    /** The book depths Kraken's book channel offers, v1 and v2 alike. */
    static final Set<Integer> BOOK_DEPTHS = Set.of(10, 25, 100, 500, 1000);
    /** The ohlc intervals Kraken offers, in minutes. */
    static final Set<Long> OHLC_MINUTES = Set.of(1L, 5L, 15L, 30L, 60L, 240L, 1440L, 10080L, 21600L);

    private static final Set<Channel> OFFERED = EnumSet.of(Channel.TRADES, Channel.QUOTES, Channel.TICKER, Channel.BOOK, Channel.CANDLES);

    KrakenConfig
    {
        requireNonNull(venue, "venue is null");
        requireNonNull(api, "api is null");
        instruments = List.copyOf(instruments);
        skippedSymbols = List.copyOf(skippedSymbols);
        candleIntervals = List.copyOf(candleIntervals);
        requireNonNull(webSocketUrl, "webSocketUrl is null");
        requireNonNull(restUrl, "restUrl is null");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static KrakenConfig from(PluginConfig config)
    {
        requireNonNull(config, "config is null");
        VenueSettings venue = VenueSettings.from(config, OFFERED);
        boolean mixed = venue.market().equals("mixed");
        if (!mixed && !venue.market().equals(KrakenSymbols.MARKET)) {
            throw venue.unknownMarket("Kraken", "spot", "mixed (a replayed capture naming other Kraken products too)");
        }
        KrakenApi api = switch (config.getString("api")) {
            case "v1" -> KrakenApi.V1;
            case "v2" -> KrakenApi.V2;
            default -> throw new ConfigurationException(venue.path() + ".api", "\"" + config.getString("api") + "\" is not a Kraken WebSocket API; expected v2 or v1");
        };

        Map<String, Instrument> pairs = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        int index = 0;
        for (String symbol : venue.symbols()) {
            try {
                Instrument pair = KrakenSymbols.parseConfigured(symbol);
                pairs.putIfAbsent(pair.nativeSymbol(), pair);
            }
            catch (IllegalArgumentException e) {
                if (!mixed) {
                    throw venue.badSymbol(index, e.getMessage());
                }
                skipped.add(symbol);
            }
            index++;
        }

        int depth = config.getInt("book-depth");
        if (!BOOK_DEPTHS.contains(depth)) {
            throw new ConfigurationException(venue.path() + ".book-depth", depth + " is not a Kraken book depth; expected 10, 25, 100, 500 or 1000");
        }
        List<CandleInterval> intervals = ohlcIntervals(config, venue.path() + ".candle-intervals");
        if (intervals.isEmpty() && venue.channels().contains(Channel.CANDLES)) {
            throw new ConfigurationException(venue.path() + ".candle-intervals", "the candles channel needs at least one interval");
        }
        VenueEndpoints endpoints = venue.endpoints(api.configName());
        return new KrakenConfig(venue, api, List.copyOf(pairs.values()), skipped, depth, intervals,
                endpoints.webSocketUrl(), endpoints.restUrl(), config.getBoolean("asset-pairs"));
    }

    private static List<CandleInterval> ohlcIntervals(PluginConfig config, String path)
    {
        List<CandleInterval> intervals = new ArrayList<>();
        for (String label : config.getStringList("candle-intervals")) {
            String at = path + "[" + intervals.size() + "]";
            CandleInterval interval;
            try {
                interval = CandleInterval.parse(label);
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(at, e.getMessage());
            }
            long minutes = interval.millis() / 60_000;
            if (minutes * 60_000 != interval.millis() || !OHLC_MINUTES.contains(minutes)) {
                throw new ConfigurationException(at, "Kraken has no " + interval + " ohlc; expected 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w or 15d");
            }
            intervals.add(interval);
        }
        return intervals;
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }
}
