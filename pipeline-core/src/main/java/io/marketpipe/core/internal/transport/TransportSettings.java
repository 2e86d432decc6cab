package io.marketpipe.core.internal.transport;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * Settings of the shared HTTP and WebSocket client.
 *
 * @param connectTimeout how long a TCP and TLS connect may take
 * @param readTimeout how long a REST response may stay silent
 * @param writeTimeout how long writing a request may stall
 * @param pingInterval how often protocol-level pings are sent on each WebSocket; zero disables
 *        them (venue-specific application pings are the connector's business)
 * @param userAgent the {@code User-Agent} header sent with every request
 */
public record TransportSettings(
        Duration connectTimeout,
        Duration readTimeout,
        Duration writeTimeout,
        Duration pingInterval,
        String userAgent)
{
    public TransportSettings
    {
        requireNonNull(connectTimeout, "connectTimeout is null");
        requireNonNull(readTimeout, "readTimeout is null");
        requireNonNull(writeTimeout, "writeTimeout is null");
        requireNonNull(pingInterval, "pingInterval is null");
        requireNonNull(userAgent, "userAgent is null");
        requireNotNegative("connectTimeout", connectTimeout);
        requireNotNegative("readTimeout", readTimeout);
        requireNotNegative("writeTimeout", writeTimeout);
        requireNotNegative("pingInterval", pingInterval);
        if (userAgent.isBlank()) {
            throw new IllegalArgumentException("userAgent is blank");
        }
    }

    /**
     * @return 10 s connect, 30 s read and write timeouts, no protocol pings, user agent
     *         {@code marketpipe/<version>}
     */
    public static TransportSettings defaults()
    {
        return new TransportSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(30), Duration.ZERO, defaultUserAgent());
    }

    /**
     * @return {@code marketpipe/<version>}, the version taken from the jar manifest ({@code dev}
     *         when running from classes)
     */
    public static String defaultUserAgent()
    {
        String version = TransportSettings.class.getPackage().getImplementationVersion();
        return "marketpipe/" + (version == null ? "dev" : version);
    }

    private static void requireNotNegative(String name, Duration value)
    {
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " is negative: " + value);
        }
    }
}
