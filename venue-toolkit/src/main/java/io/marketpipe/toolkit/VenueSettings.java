package io.marketpipe.toolkit;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.model.Instrument;

import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * The settings every venue connector shares, declared once in core's {@code reference.conf}
 * under {@code marketpipe.venue-connector} (which a venue's defaults extend) and validated here
 * once, naming the path of a bad value: {@code market}, {@code symbols}, {@code channels},
 * {@code ws-url}, {@code rest-url}, the reconnect backoff and circuit breaker, the stale watchdogs,
 * {@code publish-depth}, {@code trade-backfill-limit} and the venue's {@code rest-budget} (which the
 * runtime applies). A venue's own keys stay in its own config class.
 */
public final class VenueSettings
{
    private static final String PRODUCTION_ENDPOINTS = "production-endpoints";

    private final String path;
    private final String market;
    private final List<String> symbols;
    private final Set<Channel> channels;
    private final String webSocketUrl;
    private final String restUrl;
    private final PluginConfig production;
    private final ReconnectPolicy.Settings reconnect;
    private final Duration staleAfter;
    private final Duration streamStaleAfter;
    private final int publishDepth;
    private final int tradeBackfillLimit;

    private VenueSettings(PluginConfig config, Set<Channel> offered)
    {
        this.path = config.path();
        this.market = config.getString("market").trim().toLowerCase(java.util.Locale.ROOT);
        this.symbols = List.copyOf(config.getStringList("symbols"));
        if (symbols.isEmpty()) {
            throw new ConfigurationException(path + ".symbols", "no symbols; list at least one, e.g. symbols = [BTC/USDT]");
        }
        List<String> channelNames = config.getStringList("channels");
        if (channelNames.isEmpty()) {
            throw new ConfigurationException(path + ".channels", "no channels; list at least one of " + names(offered));
        }
        Set<Channel> parsed = EnumSet.noneOf(Channel.class);
        for (int i = 0; i < channelNames.size(); i++) {
            Channel channel;
            try {
                channel = Channel.fromConfigName(channelNames.get(i).trim());
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(path + ".channels[" + i + "]", e.getMessage());
            }
            if (!offered.contains(channel)) {
                throw new ConfigurationException(path + ".channels[" + i + "]", config.type() + " offers no " + channel.configName() + " channel; it offers " + names(offered));
            }
            parsed.add(channel);
        }
        this.channels = Collections.unmodifiableSet(parsed);
        this.webSocketUrl = url(config, "ws-url", "ws://", "wss://");
        this.restUrl = url(config, "rest-url", "http://", "https://");
        this.production = config.has(PRODUCTION_ENDPOINTS) ? config.getConfig(PRODUCTION_ENDPOINTS) : null;
        Duration backoffMin = config.getDuration("reconnect-backoff-min");
        Duration backoffMax = config.getDuration("reconnect-backoff-max");
        if (backoffMin.isNegative() || backoffMin.isZero()) {
            throw new ConfigurationException(path + ".reconnect-backoff-min", "must be positive");
        }
        if (backoffMax.compareTo(backoffMin) < 0) {
            throw new ConfigurationException(path + ".reconnect-backoff-max", backoffMax + " is shorter than reconnect-backoff-min " + backoffMin);
        }
        int threshold = config.getInt("circuit-breaker-threshold");
        if (threshold < 1) {
            throw new ConfigurationException(path + ".circuit-breaker-threshold", threshold + " must be at least 1");
        }
        Duration open = config.getDuration("circuit-breaker-open");
        if (open.isNegative() || open.isZero()) {
            throw new ConfigurationException(path + ".circuit-breaker-open", "must be positive");
        }
        this.reconnect = new ReconnectPolicy.Settings(backoffMin, backoffMax, threshold, open);
        this.staleAfter = nonNegative(config, "stale-after");
        this.streamStaleAfter = nonNegative(config, "stream-stale-after");
        this.publishDepth = config.getInt("publish-depth");
        if (publishDepth < 1) {
            throw new ConfigurationException(path + ".publish-depth", publishDepth + " must be at least 1");
        }
        this.tradeBackfillLimit = config.getInt("trade-backfill-limit");
        if (tradeBackfillLimit < 0) {
            throw new ConfigurationException(path + ".trade-backfill-limit", tradeBackfillLimit + " must not be negative");
        }
        long weight = config.getLong("rest-budget.weight");
        Duration interval = config.getDuration("rest-budget.interval");
        if (weight < 1) {
            throw new ConfigurationException(path + ".rest-budget.weight", weight + " must be at least 1");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new ConfigurationException(path + ".rest-budget.interval", "must be positive");
        }
    }

    /**
     * @param offered the channels the venue serves; others are a configuration error
     * @throws ConfigurationException naming the path of the first invalid value
     */
    public static VenueSettings from(PluginConfig config, Set<Channel> offered)
    {
        requireNonNull(config, "config is null");
        return new VenueSettings(config, EnumSet.copyOf(offered));
    }

    /**
     * @return the block's path, for the venue's own error messages
     */
    public String path()
    {
        return path;
    }

    /**
     * @return the configured market, lower case; the venue checks its own names
     */
    public String market()
    {
        return market;
    }

    /**
     * @return a configuration error for the {@code market} key, listing what the venue offers
     */
    public ConfigurationException unknownMarket(String venue, String... known)
    {
        return new ConfigurationException(path + ".market", "\"" + market + "\" is not a " + venue + " market; expected one of " + String.join(", ", known));
    }

    /**
     * @return the configured symbols as written, canonical or native
     */
    public List<String> symbols()
    {
        return symbols;
    }

    /**
     * Reads every configured symbol with the venue's parser, in configured order, keeping the
     * first of symbols that name the same instrument.
     *
     * @param parser reads one symbol as written; throws {@link IllegalArgumentException}
     *        explaining what is wrong with it
     * @throws ConfigurationException naming the entry the parser rejected
     */
    public List<Instrument> instruments(Function<String, Instrument> parser)
    {
        Map<String, Instrument> parsed = new LinkedHashMap<>();
        for (int i = 0; i < symbols.size(); i++) {
            Instrument instrument;
            try {
                instrument = parser.apply(symbols.get(i));
            }
            catch (IllegalArgumentException e) {
                throw badSymbol(i, e.getMessage());
            }
            parsed.putIfAbsent(instrument.nativeSymbol(), instrument);
        }
        return List.copyOf(parsed.values());
    }

    /**
     * @return a configuration error for one entry of {@code symbols}
     */
    public ConfigurationException badSymbol(int index, String message)
    {
        return new ConfigurationException(path + ".symbols[" + index + "]", message);
    }

    public Set<Channel> channels()
    {
        return channels;
    }

    /**
     * @param variant the market or API generation the production endpoints are declared for
     *        ({@code production-endpoints.<variant>}), or empty when the venue declares one pair
     *        ({@code production-endpoints { ws-url, rest-url }})
     * @return the configured {@code ws-url} and {@code rest-url}, each where set, else the
     *         venue's production endpoint, which its defaults in {@code reference.conf} declare
     * @throws ConfigurationException when the production endpoint needed is not configured or
     *         is not a URL
     */
    public VenueEndpoints endpoints(String variant)
    {
        requireNonNull(variant, "variant is null");
        return new VenueEndpoints(
                webSocketUrl.isEmpty() ? productionUrl(variant, "ws-url", "ws://", "wss://") : webSocketUrl,
                restUrl.isEmpty() ? productionUrl(variant, "rest-url", "http://", "https://") : restUrl);
    }

    /**
     * @return the configured {@code rest-url}, else {@code production-endpoints.rest-url}: for a
     *         venue served over REST only, with one production host
     */
    public String restUrl()
    {
        return restUrl.isEmpty() ? productionUrl("", "rest-url", "http://", "https://") : restUrl;
    }

    /**
     * @param variant the market or API generation, or empty for a venue with one production host
     * @param field {@code ws-url} or {@code rest-url}
     */
    private String productionUrl(String variant, String field, String... schemes)
    {
        String key = variant.isEmpty() ? field : variant + "." + field;
        if (production == null || !production.has(key) || production.getString(key).isBlank()) {
            throw new ConfigurationException(path + "." + PRODUCTION_ENDPOINTS + "." + key,
                    "no production " + field + (variant.isEmpty() ? "" : " for " + variant) + " is configured; set " + field + " in the connector block");
        }
        return url(production, key, schemes);
    }

    public ReconnectPolicy.Settings reconnect()
    {
        return reconnect;
    }

    /**
     * @return the silence after which a connection is reopened; zero when the watchdog is off
     */
    public Duration staleAfter()
    {
        return staleAfter;
    }

    /**
     * @return the silence after which a stream is subscribed again; zero when off
     */
    public Duration streamStaleAfter()
    {
        return streamStaleAfter;
    }

    /**
     * @return levels per side in published book events
     */
    public int publishDepth()
    {
        return publishDepth;
    }

    /**
     * @return the most trades fetched over REST to fill one gap; zero when gaps are only reported
     */
    public int tradeBackfillLimit()
    {
        return tradeBackfillLimit;
    }

    private static String url(PluginConfig config, String key, String... schemes)
    {
        String value = config.getString(key).trim();
        if (value.isEmpty()) {
            return "";
        }
        for (String scheme : schemes) {
            if (value.startsWith(scheme)) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        }
        throw new ConfigurationException(config.path() + "." + key, "\"" + value + "\" is not a " + String.join(" or ", schemes) + " URL");
    }

    private Duration nonNegative(PluginConfig config, String key)
    {
        Duration value = config.getDuration(key);
        if (value.isNegative()) {
            throw new ConfigurationException(path + "." + key, "must not be negative");
        }
        return value;
    }

    private static String names(Set<Channel> channels)
    {
        return String.join(", ", channels.stream().map(Channel::configName).toList());
    }
}
