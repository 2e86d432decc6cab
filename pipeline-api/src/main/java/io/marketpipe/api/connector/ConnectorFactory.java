package io.marketpipe.api.connector;

import io.marketpipe.api.config.PluginConfig;

/**
 * Creates connectors for one venue protocol.
 *
 * <p>The runtime calls {@link #create} once per configured block whose {@code type} equals
 * {@link #type()}. Configuration errors should be thrown as
 * {@link io.marketpipe.api.config.ConfigurationException} (the {@link PluginConfig} getters
 * already do), so the launcher can report the path and exit with code 2.
 *
 * @since 0.1
 */
public interface ConnectorFactory
{
    /**
     * @return the name used as {@code type} in configuration, e.g. {@code binance}
     */
    String type();

    /**
     * @param config the instance block, merged with this type's defaults and validated
     * @param context the host services the connector may use
     * @return a connector that has not started yet
     */
    Connector create(PluginConfig config, ConnectorContext context);
}
