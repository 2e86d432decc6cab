package io.marketpipe.kraken;

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
 * The validated settings of one {@code type = kraken} block: the keys every venue shares
 * ({@link VenueSettings}) and Kraken's own, whose defaults are in the adapter's
 * {@code reference.conf}. A value Kraken cannot serve fails here, naming its path.
 */
final class KrakenConfig
{
    /** The book depths Kraken's book channel offers, v1 and v2 alike. */
    static final Set<Integer> BOOK_DEPTHS = Set.of(10, 25, 100, 500, 1000);
    /** The ohlc intervals Kraken offers, in minutes. */
    static final Set<Integer> OHLC_MINUTES = Set.of(1, 5, 15, 30, 60, 240, 1440, 10080, 21600);
    static final String REST_URL = "https://api.kraken.com";

    private static final Set<Channel> OFFERED = EnumSet.of(Channel.TRADES, Channel.QUOTES, Channel.TICKER, Channel.BOOK, Channel.CANDLES);

    private final VenueSettings venue;
    private final KrakenApi api;
    private final List<Instrument> instruments;
    private final List<String> skippedSymbols;
    private final int bookDepth;
    private final List<CandleInterval> candleIntervals;
    private final String webSocketUrl;
    private final String restUrl;
    private final boolean assetPairs;

    private KrakenConfig(PluginConfig config)
    {
        String path = config.path();
        this.venue = VenueSettings.from(config, OFFERED);
        boolean mixed = venue.market().equals("mixed");
        if (!venue.market().equals(KrakenSymbols.MARKET) && !mixed) {
            throw venue.unknownMarket("Kraken", "spot", "mixed (a replayed capture naming other Kraken products too)");
        }
        String apiName = config.getString("api");
        this.api = switch (apiName) {
            case "v1" -> KrakenApi.V1;
            case "v2" -> KrakenApi.V2;
            default -> throw new ConfigurationException(path + ".api", "\"" + apiName + "\" is not a Kraken WebSocket API; expected v2 or v1");
        };

        Map<String, Instrument> parsed = new LinkedHashMap<>();
        List<String> skipped = new ArrayList<>();
        List<String> symbols = venue.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                Instrument instrument = KrakenSymbols.parseConfigured(symbols.get(i));
                parsed.putIfAbsent(instrument.nativeSymbol(), instrument);
            }
            catch (IllegalArgumentException e) {
                if (!mixed) {
                    throw venue.badSymbol(i, e.getMessage());
                }
                skipped.add(symbols.get(i));
            }
        }
        this.instruments = List.copyOf(parsed.values());
        this.skippedSymbols = List.copyOf(skipped);

        this.bookDepth = config.getInt("book-depth");
        if (!BOOK_DEPTHS.contains(bookDepth)) {
            throw new ConfigurationException(path + ".book-depth", bookDepth + " is not a Kraken book depth; expected 10, 25, 100, 500 or 1000");
        }

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
            if (interval.millis() % 60_000 != 0 || !OHLC_MINUTES.contains((int) (interval.millis() / 60_000))) {
                throw new ConfigurationException(path + ".candle-intervals[" + i + "]", "Kraken has no " + interval + " ohlc; expected 1m, 5m, 15m, 30m, 1h, 4h, 1d, 1w or 15d");
            }
            candles.add(interval);
        }
        if (venue.channels().contains(Channel.CANDLES) && candles.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }
        this.candleIntervals = List.copyOf(candles);

        this.webSocketUrl = venue.webSocketUrl(api.productionUrl());
        this.restUrl = venue.restUrl(REST_URL);
        this.assetPairs = config.getBoolean("asset-pairs");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static KrakenConfig from(PluginConfig config)
    {
        return new KrakenConfig(requireNonNull(config, "config is null"));
    }

    VenueSettings venue()
    {
        return venue;
    }

    KrakenApi api()
    {
        return api;
    }

    /**
     * @return the configured pairs in configured order, as far as the symbols alone tell
     */
    List<Instrument> instruments()
    {
        return instruments;
    }

    /**
     * @return symbols of a {@code mixed} block that name no Kraken spot pair (futures products)
     */
    List<String> skippedSymbols()
    {
        return skippedSymbols;
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }

    int bookDepth()
    {
        return bookDepth;
    }

    List<CandleInterval> candleIntervals()
    {
        return candleIntervals;
    }

    String webSocketUrl()
    {
        return webSocketUrl;
    }

    String restUrl()
    {
        return restUrl;
    }

    boolean assetPairs()
    {
        return assetPairs;
    }
}
