package io.marketpipe.redis;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = redis} store block. Every key and its default is in
 * the module's {@code reference.conf}.
 *
 * @param uri the server, {@code redis://} or {@code rediss://} (TLS), credentials removed
 * @param user the ACL user, null for the default user
 * @param password the password, null for none
 * @param prefix the first part of every key
 * @param types the event types written; others are left out
 * @param maxBars candles kept per sorted set
 * @param maxTrades entries kept in each trade stream
 * @param maxFunding entries kept in each funding stream
 * @param maxStatus entries kept in each status stream
 * @param ttl how long a key lives after its last write; zero for ever
 * @param publish whether key updates are published on the channel of the same name
 * @param connectTimeout how long connecting may take
 * @param commandTimeout how long a reply may take
 * @param queryConnections connections kept for queries
 */
record RedisStoreConfig(
        URI uri,
        String user,
        String password,
        String prefix,
        Set<String> types,
        int maxBars,
        long maxTrades,
        long maxFunding,
        long maxStatus,
        Duration ttl,
        boolean publish,
        Duration connectTimeout,
        Duration commandTimeout,
        int queryConnections)
{
    /** Every event type the store can write, by its {@code MarketEvent.type()} name. */
    static final List<String> KNOWN_TYPES = List.of("trade", "quote", "ticker", "book", "candle", "funding", "indicator", "status");

    RedisStoreConfig
    {
        requireNonNull(uri, "uri is null");
        requireNonNull(prefix, "prefix is null");
        types = Collections.unmodifiableSet(new LinkedHashSet<>(types));
        requireNonNull(ttl, "ttl is null");
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(commandTimeout, "commandTimeout is null");
    }

    /**
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static RedisStoreConfig from(PluginConfig config)
    {
        URI uri = uri(config);
        String user = emptyToNull(config.getString("user"));
        String password = config.getSecret("password").map(RedisStoreConfig::emptyToNull).orElse(null);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            String uriUser = emptyToNull(colon < 0 ? "" : decode(userInfo.substring(0, colon)));
            String uriPassword = emptyToNull(decode(colon < 0 ? userInfo : userInfo.substring(colon + 1)));
            user = user != null ? user : uriUser;
            password = password != null ? password : uriPassword;
            uri = withoutUserInfo(uri);
        }
        String prefix = config.getString("prefix");
        if (prefix.isEmpty() || prefix.contains(" ")) {
            throw new ConfigurationException(config.path() + ".prefix", "must be a non-empty word without spaces, got \"" + prefix + "\"");
        }
        PluginConfig maxLength = config.getConfig("max-length");
        return new RedisStoreConfig(
                uri,
                user,
                password,
                prefix,
                types(config),
                (int) positive(config, "max-bars", config.getInt("max-bars")),
                positive(maxLength, "trades", maxLength.getLong("trades")),
                positive(maxLength, "funding", maxLength.getLong("funding")),
                positive(maxLength, "status", maxLength.getLong("status")),
                notNegative(config, "ttl"),
                config.getBoolean("publish"),
                atLeastOneMillisecond(config, "connect-timeout"),
                atLeastOneMillisecond(config, "command-timeout"),
                (int) positive(config, "query-connections", config.getInt("query-connections")));
    }

    @Override
    public String toString()
    {
        return "RedisStoreConfig[uri=" + uri + ", user=" + user + ", password=" + (password == null ? "none" : "******") + ", prefix=" + prefix
                + ", types=" + types + ", maxBars=" + maxBars + ", maxTrades=" + maxTrades + ", maxFunding=" + maxFunding + ", maxStatus=" + maxStatus
                + ", ttl=" + ttl + ", publish=" + publish + "]";
    }

    boolean writes(String type)
    {
        return types.contains(type);
    }

    private static URI uri(PluginConfig config)
    {
        String text = config.getString("uri");
        URI uri;
        try {
            uri = new URI(text);
        }
        catch (URISyntaxException e) {
            throw new ConfigurationException(config.path() + ".uri", "is not a URI: " + e.getMessage(), e);
        }
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new ConfigurationException(config.path() + ".uri", "must start with redis:// or rediss:// (TLS), got scheme \"" + uri.getScheme() + "\"");
        }
        if (uri.getHost() == null) {
            throw new ConfigurationException(config.path() + ".uri", "names no host; expected redis://host:port");
        }
        String path = uri.getPath();
        if (path != null && !path.isEmpty() && !path.equals("/") && !path.substring(1).chars().allMatch(Character::isDigit)) {
            throw new ConfigurationException(config.path() + ".uri", "the path must be a database number, got \"" + path + "\"");
        }
        return uri;
    }

    private static URI withoutUserInfo(URI uri)
    {
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), uri.getFragment());
        }
        catch (URISyntaxException e) {
            throw new IllegalStateException("a valid URI stays valid without its credentials", e);
        }
    }

    private static String decode(String text)
    {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static Set<String> types(PluginConfig config)
    {
        Set<String> types = new LinkedHashSet<>();
        for (String type : config.getStringList("types")) {
            if (!KNOWN_TYPES.contains(type)) {
                throw new ConfigurationException(config.path() + ".types", "unknown event type \"" + type + "\"; expected any of " + String.join(", ", KNOWN_TYPES));
            }
            types.add(type);
        }
        if (types.isEmpty()) {
            throw new ConfigurationException(config.path() + ".types", "must name at least one event type");
        }
        return types;
    }

    private static long positive(PluginConfig config, String key, long value)
    {
        if (value < 1) {
            throw new ConfigurationException(config.path() + "." + key, "must be at least 1, got " + value);
        }
        return value;
    }

    private static Duration notNegative(PluginConfig config, String key)
    {
        Duration value = config.getDuration(key);
        if (value.isNegative()) {
            throw new ConfigurationException(config.path() + "." + key, "must not be negative, got " + value);
        }
        return value;
    }

    private static Duration atLeastOneMillisecond(PluginConfig config, String key)
    {
        Duration value = config.getDuration(key);
        if (value.toMillis() < 1 || value.toMillis() > Integer.MAX_VALUE) {
            throw new ConfigurationException(config.path() + "." + key, "must be between 1ms and 24 days, got " + value);
        }
        return value;
    }

    private static String emptyToNull(String value)
    {
        return value == null || value.isEmpty() ? null : value;
    }
}
