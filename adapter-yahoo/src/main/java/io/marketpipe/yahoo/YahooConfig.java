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
 *
 * @param nativeSymbols the configured symbols as Yahoo names them, aliases resolved, in configured order
 * @param candleIntervals the bar sizes polled; none when the candles channel is off
 * @param pollInterval the time between two polls of one symbol and bar size
 * @param restUrl the chart API base URL without a trailing slash
 * @param budgetWeight the requests the venue's budget allows per {@code budgetInterval}
 * @param userAgent the {@code User-Agent} header of every request
 */
record YahooConfig(
        VenueSettings venue,
        YahooSymbols symbols,
        List<String> nativeSymbols,
        List<YahooInterval> candleIntervals,
        Duration pollInterval,
        boolean includePrePost,
        boolean corporateActions,
        String restUrl,
        long budgetWeight,
        Duration budgetInterval,
        String userAgent)
{
    private static final Set<Channel> OFFERED = EnumSet.of(Channel.TICKER, Channel.CANDLES);

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static YahooConfig from(PluginConfig config)
    {
        requireNonNull(config, "config is null");
        String path = config.path();
        VenueSettings venue = VenueSettings.from(config, OFFERED);
        Map<String, String> aliases = new LinkedHashMap<>();
        PluginConfig aliasBlock = config.getConfig("aliases");
        for (String alias : aliasBlock.keys()) {
            aliases.put(alias, aliasBlock.getString(alias));
        }
        YahooSymbols symbols = new YahooSymbols(venue.market(), aliases);
        Set<String> natives = new LinkedHashSet<>();
        for (int i = 0; i < venue.symbols().size(); i++) {
            try {
                natives.add(symbols.toNative(venue.symbols().get(i)));
            }
            catch (IllegalArgumentException e) {
                throw venue.badSymbol(i, e.getMessage());
            }
        }

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
        boolean candles = venue.channels().contains(Channel.CANDLES);
        if (candles && parsed.isEmpty()) {
            throw new ConfigurationException(path + ".candle-intervals", "the candles channel needs at least one interval");
        }

        Duration pollInterval = config.getDuration("poll-interval");
        if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new ConfigurationException(path + ".poll-interval", pollInterval + " is shorter than 1s");
        }
        return new YahooConfig(venue, symbols, List.copyOf(natives), candles ? List.copyOf(parsed) : List.of(), pollInterval,
                config.getBoolean("include-pre-post"), config.getBoolean("corporate-actions"), venue.restUrl(),
                config.getLong("rest-budget.weight"), config.getDuration("rest-budget.interval"), config.getString("user-agent").trim());
    }
}
