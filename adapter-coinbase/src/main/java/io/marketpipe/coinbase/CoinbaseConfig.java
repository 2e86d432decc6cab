package io.marketpipe.coinbase;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.toolkit.VenueEndpoints;
import io.marketpipe.toolkit.VenueSettings;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = coinbase} or {@code type = coinbase-exchange} block:
 * the keys every venue shares ({@link VenueSettings}) and Coinbase's own, whose defaults are in the
 * adapter's {@code reference.conf}. A value Coinbase cannot serve fails in {@link #from}, naming
 * its path.
 *
 * @param instruments the configured instruments in configured order
 * @param tickerChannel {@code ticker}, or on Advanced Trade {@code ticker_batch} (every 5 seconds)
 * @param bookChannel {@code level2} on Advanced Trade; {@code level2_batch} (public) or
 *        {@code level2} on the Exchange feed
 * @param products whether product definitions (increments) are loaded over REST at start
 * @param jwt the signer of subscriptions, when API keys are configured
 */
record CoinbaseConfig(
        CoinbaseFeed feed,
        VenueSettings venue,
        List<Instrument> instruments,
        String tickerChannel,
        String bookChannel,
        boolean products,
        Optional<CoinbaseJwt> jwt,
        String webSocketUrl,
        String restUrl)
{
    CoinbaseConfig
    {
        requireNonNull(feed, "feed is null");
        requireNonNull(venue, "venue is null");
        instruments = List.copyOf(instruments);
        requireNonNull(tickerChannel, "tickerChannel is null");
        requireNonNull(bookChannel, "bookChannel is null");
        requireNonNull(jwt, "jwt is null");
        requireNonNull(webSocketUrl, "webSocketUrl is null");
        requireNonNull(restUrl, "restUrl is null");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static CoinbaseConfig from(CoinbaseFeed feed, PluginConfig config)
    {
        requireNonNull(feed, "feed is null");
        String path = requireNonNull(config, "config is null").path();
        VenueSettings venue = VenueSettings.from(config, feed.offered());
        // a recording of several segments says mixed; every Coinbase product of these feeds is spot
        if (!venue.market().equals(CoinbaseSymbols.MARKET) && !venue.market().equals("mixed")) {
            throw venue.unknownMarket("Coinbase", CoinbaseSymbols.MARKET);
        }
        Map<String, Instrument> parsed = new LinkedHashMap<>();
        List<String> symbols = venue.symbols();
        for (int i = 0; i < symbols.size(); i++) {
            try {
                Instrument instrument = CoinbaseSymbols.parseConfigured(symbols.get(i));
                parsed.putIfAbsent(instrument.nativeSymbol(), instrument);
            }
            catch (IllegalArgumentException e) {
                throw venue.badSymbol(i, e.getMessage());
            }
        }
        boolean advancedTrade = feed == CoinbaseFeed.ADVANCED_TRADE;
        String tickerChannel = oneOf(config, "ticker-channel", feed, advancedTrade ? List.of("ticker", "ticker_batch") : List.of("ticker"));
        String bookChannel = oneOf(config, "book-channel", feed, advancedTrade ? List.of("level2") : List.of("level2_batch", "level2"));

        String keyName = config.getString("api-key-name").trim();
        Optional<String> keySecret = config.getSecret("api-key-secret").filter(secret -> !secret.isBlank());
        if (keyName.isEmpty() != keySecret.isEmpty()) {
            throw new ConfigurationException(path + (keyName.isEmpty() ? ".api-key-name" : ".api-key-secret"), "api-key-name and api-key-secret are set together or not at all");
        }
        if (keySecret.isPresent() && !advancedTrade) {
            throw new ConfigurationException(path + ".api-key-name", "API keys sign Advanced Trade subscriptions; the " + feed.type() + " public feed takes none");
        }
        Optional<CoinbaseJwt> jwt;
        try {
            jwt = keySecret.map(secret -> new CoinbaseJwt(keyName, secret));
        }
        catch (IllegalArgumentException e) {
            // the message names what is wrong with the key, never the key itself
            throw new ConfigurationException(path + ".api-key-secret", e.getMessage());
        }
        VenueEndpoints endpoints = venue.endpoints("");
        return new CoinbaseConfig(feed, venue, List.copyOf(parsed.values()), tickerChannel, bookChannel, config.getBoolean("products"), jwt,
                endpoints.webSocketUrl(), endpoints.restUrl());
    }

    private static String oneOf(PluginConfig config, String key, CoinbaseFeed feed, List<String> allowed)
    {
        String value = config.getString(key);
        if (!allowed.contains(value)) {
            throw new ConfigurationException(config.path() + "." + key, "\"" + value + "\" is not a " + feed.type() + " " + key.replace('-', ' ') + "; expected " + String.join(" or ", allowed));
        }
        return value;
    }

    Set<Channel> channels()
    {
        return venue.channels();
    }
}
