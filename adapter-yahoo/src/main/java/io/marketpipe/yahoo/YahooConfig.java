package io.marketpipe.yahoo;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.toolkit.VenueSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = yahoo} block: the keys every venue shares
 * ({@link VenueSettings}) and Yahoo's own, whose defaults are in the adapter's
 * {@code reference.conf}.
 */
final class YahooConfig
{
    static final String PRODUCTION_URL = "https://query1.finance.yahoo.com";
    private static final Set<Channel> OFFERED = EnumSet.of(Channel.TICKER, Channel.CANDLES);

    private final VenueSettings venue;
    private final YahooSymbols symbols;
    private final List<String> nativeSymbols;
    private final List<YahooInterval> candleIntervals;
    private final Duration pollInterval;
    private final boolean includePrePost;
    private final boolean corporateActions;
    private final String restUrl;
    private final long budgetWeight;
    private final Duration budgetInterval;

    private YahooConfig(PluginConfig config)
    {
        String path = config.path();
        this.venue = VenueSettings.from(config, OFFERED);
        Map<String, String> aliases = new LinkedHashMap<>();
        PluginConfig aliasBlock = config.getConfig("aliases");
        for (String alias : aliasBlock.keys()) {
            aliases.put(alias, aliasBlock.getString(alias));
        }
        this.symbols = new YahooSymbols(venue.market(), aliases);
        Set<String> natives = new LinkedHashSet<>();
        for (int i = 0; i < venue.symbols().size(); i++) {
            try {
                natives.add(symbols.toNative(venue.symbols().get(i)));
            }
            catch (IllegalArgumentException e) {
                throw venue.badSymbol(i, e.getMessage());
            }
        }
        this.nativeSymbols = List.copyOf(natives);

        List<String> intervals = config.getStringList("candle-intervals");
        List<YahooInterval> parsed = new ArrayList<>();
        for (int i = 0; i < intervals.size(); i++) {
            String label = intervals.get(i).trim();
            YahooInterval interval = YahooInterval.of(label).orElseThrow(() -> new ConfigurationException(path + ".candle-intervals",
                    "\"" + label + "\" is not a Yahoo bar size; expected one of " + String.join(", ", YahooInterval.names())));
            if (!parsed.contains(interval)) {
                parsed.add(interval);
            }
        }
        if (venue.channels().contains(Channel.CANDLES) && parsed.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }
        this.candleIntervals = List.copyOf(parsed);

        this.pollInterval = config.getDuration("poll-interval");
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException(path + ".poll-interval", pollInterval + " is shorter than 1s");
        }
        this.includePrePost = config.getBoolean("include-pre-post");
        this.corporateActions = config.getBoolean("corporate-actions");
        this.restUrl = venue.restUrl(PRODUCTION_URL);
        this.budgetWeight = config.getLong("rest-budget.weight");
        this.budgetInterval = config.getDuration("rest-budget.interval");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static YahooConfig from(PluginConfig config)
    {
        return new YahooConfig(requireNonNull(config, "config is null"));
    }

    VenueSettings venue()
    {
        return venue;
    }

    YahooSymbols symbols()
    {
        return symbols;
    }

    /**
     * @return the configured symbols as Yahoo names them, aliases resolved, in configured order
     */
    List<String> nativeSymbols()
    {
        return nativeSymbols;
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }

    /**
     * @return the bar sizes polled, or none when the candles channel is off
     */
    List<YahooInterval> candleIntervals()
    {
        return venue.channels().contains(Channel.CANDLES) ? candleIntervals : List.of();
    }

    Duration pollInterval()
    {
        return pollInterval;
    }

    boolean includePrePost()
    {
        return includePrePost;
    }

    boolean corporateActions()
    {
        return corporateActions;
    }

    /**
     * @return the requests the venue's budget allows per {@link #budgetInterval()}
     */
    long budgetWeight()
    {
        return budgetWeight;
    }

    Duration budgetInterval()
    {
        return budgetInterval;
    }

    /**
     * @return the chart API base URL without a trailing slash
     */
    String restUrl()
    {
        return restUrl;
    }
}
