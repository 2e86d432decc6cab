package io.marketpipe.api.connector;

import io.marketpipe.api.config.PluginConfig;

import java.util.function.BiFunction;

import static java.util.Objects.requireNonNull;

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

    /**
     * A factory that is nothing but its type and a constructor call, for a plugin whose
     * connector needs no factory class of its own:
     * {@code ConnectorFactory.of("binance", (config, context) -> new BinanceConnector(BinanceConfig.from(config), context))}.
     *
     * @param type the name used as {@code type} in configuration
     * @param create what {@link #create} does: the validated block and the host services in, a connector
     *        that has not started yet out
     * @since 0.4
     */
    static ConnectorFactory of(String type, BiFunction<PluginConfig, ConnectorContext, Connector> create)
    {
        record Named(String type, BiFunction<PluginConfig, ConnectorContext, Connector> constructor)
                implements ConnectorFactory
        {
            @Override
            public Connector create(PluginConfig config, ConnectorContext context)
            {
                return constructor.apply(config, context);
            }
        }
        return new Named(requireNonNull(type, "type is null"), requireNonNull(create, "create is null"));
    }
}
