package io.marketpipe.coinbase;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Channel;
import io.marketpipe.api.model.Instrument;
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
 * adapter's {@code reference.conf}. A value Coinbase cannot serve fails here, naming its path.
 */
final class CoinbaseConfig
{
    private final CoinbaseFeed feed;
    private final VenueSettings venue;
    private final List<Instrument> instruments;
    private final String tickerChannel;
    private final String bookChannel;
    private final boolean products;
    private final Optional<CoinbaseJwt> jwt;
    private final String webSocketUrl;
    private final String restUrl;

    private CoinbaseConfig(CoinbaseFeed feed, PluginConfig config)
    {
        String path = config.path();
        this.feed = feed;
        this.venue = VenueSettings.from(config, feed.offered());
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
        this.instruments = List.copyOf(parsed.values());

        this.tickerChannel = config.getString("ticker-channel");
        List<String> tickers = feed == CoinbaseFeed.ADVANCED_TRADE ? List.of("ticker", "ticker_batch") : List.of("ticker");
        if (!tickers.contains(tickerChannel)) {
            throw new ConfigurationException(path + ".ticker-channel", "\"" + tickerChannel + "\" is not a " + feed.type() + " ticker channel; expected " + String.join(" or ", tickers));
        }
        this.bookChannel = config.getString("book-channel");
        List<String> books = feed == CoinbaseFeed.ADVANCED_TRADE ? List.of("level2") : List.of("level2_batch", "level2");
        if (!books.contains(bookChannel)) {
            throw new ConfigurationException(path + ".book-channel", "\"" + bookChannel + "\" is not a " + feed.type() + " book channel; expected " + String.join(" or ", books));
        }
        this.products = config.getBoolean("products");

        String keyName = config.getString("api-key-name").trim();
        Optional<String> keySecret = config.getSecret("api-key-secret").filter(secret -> !secret.isBlank());
        if (keyName.isEmpty() != keySecret.isEmpty()) {
            throw new ConfigurationException(path + (keyName.isEmpty() ? ".api-key-name" : ".api-key-secret"), "api-key-name and api-key-secret are set together or not at all");
        }
        if (keySecret.isPresent() && feed != CoinbaseFeed.ADVANCED_TRADE) {
            throw new ConfigurationException(path + ".api-key-name", "API keys sign Advanced Trade subscriptions; the " + feed.type() + " public feed takes none");
        }
        if (keySecret.isPresent()) {
            try {
                this.jwt = Optional.of(new CoinbaseJwt(keyName, keySecret.get()));
            }
            catch (IllegalArgumentException e) {
                // the message names what is wrong with the key, never the key itself
                throw new ConfigurationException(path + ".api-key-secret", e.getMessage());
            }
        }
        else {
            this.jwt = Optional.empty();
        }
        this.webSocketUrl = venue.webSocketUrl(feed.defaultWebSocketUrl());
        this.restUrl = venue.restUrl(feed.defaultRestUrl());
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static CoinbaseConfig from(CoinbaseFeed feed, PluginConfig config)
    {
        return new CoinbaseConfig(requireNonNull(feed, "feed is null"), requireNonNull(config, "config is null"));
    }

    CoinbaseFeed feed()
    {
        return feed;
    }

    /**
     * @return the settings every venue shares
     */
    VenueSettings venue()
    {
        return venue;
    }

    /**
     * @return the configured instruments in configured order
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
     * @return {@code ticker}, or on Advanced Trade {@code ticker_batch} (every 5 seconds)
     */
    String tickerChannel()
    {
        return tickerChannel;
    }

    /**
     * @return {@code level2} on Advanced Trade; {@code level2_batch} (public) or {@code level2} on the Exchange feed
     */
    String bookChannel()
    {
        return bookChannel;
    }

    /**
     * @return whether product definitions (increments) are loaded over REST at start
     */
    boolean products()
    {
        return products;
    }

    /**
     * @return the signer of subscriptions, when API keys are configured
     */
    Optional<CoinbaseJwt> jwt()
    {
        return jwt;
    }

    String webSocketUrl()
    {
        return webSocketUrl;
    }

    String restUrl()
    {
        return restUrl;
    }
}
