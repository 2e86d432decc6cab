package io.marketpipe.http;

import com.typesafe.config.Config;
import io.marketpipe.api.config.ConfigurationException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * The {@code marketpipe.http} block.
 *
 * @param token the bearer token every request must carry, if any
 * @param throttle how long books, quotes and tickers are conflated for a stream subscriber by default
 * @param maxPending events waiting for one subscriber before it is disconnected as too slow
 * @param closeGrace how long a disconnected subscriber has to take its last message
 */
record HttpSettings(
        String host,
        int port,
        Optional<String> token,
        boolean allowAnonymous,
        Duration idleTimeout,
        Duration throttle,
        int maxPending,
        Duration closeGrace,
        Duration heartbeat,
        int maxSubscribers,
        int maxPage,
        int defaultPage,
        int recentCandles)
{
    static final String PATH = "marketpipe.http";
    /** Overrides {@code marketpipe.http.token}, so the secret need not be in a file. */
    static final String TOKEN_VARIABLE = "MARKETPIPE_HTTP_TOKEN";

    HttpSettings
    {
        requireNonNull(host, "host is null");
        requireNonNull(token, "token is null");
    }

    static HttpSettings from(Config root)
    {
        Config http = root.getConfig(PATH);
        int port = http.getInt("port");
        if (port < 0 || port > 65535) {
            throw new ConfigurationException(PATH + ".port", "must be between 0 and 65535, was " + port);
        }
        String token = Optional.ofNullable(System.getenv(TOKEN_VARIABLE)).filter(value -> !value.isBlank()).orElse(http.getString("token"));
        HttpSettings settings = new HttpSettings(
                http.getString("host"),
                port,
                token.isEmpty() ? Optional.empty() : Optional.of(token),
                http.getBoolean("allow-anonymous"),
                http.getDuration("idle-timeout"),
                http.getDuration("stream.throttle"),
                positive(http, "stream.max-pending"),
                http.getDuration("stream.close-grace"),
                http.getDuration("stream.heartbeat"),
                positive(http, "stream.max-subscribers"),
                positive(http, "api.max-page"),
                positive(http, "api.default-page"),
                positive(http, "api.recent-candles"));
        if (settings.defaultPage() > settings.maxPage()) {
            throw new ConfigurationException(PATH + ".api.default-page", "is above max-page (" + settings.maxPage() + ")");
        }
        if (settings.heartbeat().isZero() || settings.heartbeat().compareTo(settings.idleTimeout()) >= 0) {
            throw new ConfigurationException(PATH + ".stream.heartbeat", "must be above zero and below idle-timeout (" + settings.idleTimeout() + ")");
        }
        return settings;
    }

    /**
     * Refuses to serve a non-loopback address without a token unless anonymous access was chosen.
     */
    void checkExposure()
    {
        if (token.isPresent() || allowAnonymous || loopback()) {
            return;
        }
        throw new ConfigurationException(PATH + ".token", "binding " + host + " (not loopback) needs a token, or allow-anonymous = true to serve it to anyone who can reach it");
    }

    private boolean loopback()
    {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        }
        catch (UnknownHostException e) {
            throw new ConfigurationException(PATH + ".host", "unknown host " + host);
        }
    }

    private static int positive(Config http, String key)
    {
        int value = http.getInt(key);
        if (value < 1) {
            throw new ConfigurationException(PATH + "." + key, "must be at least 1, was " + value);
        }
        return value;
    }
}
