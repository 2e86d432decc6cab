package io.marketpipe.binance;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

/**
 * Creates a {@link BinanceConnector} for every {@code type = binance} block.
 */
final class BinanceConnectorFactory
        implements ConnectorFactory
{
    static final String TYPE = "binance";

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new BinanceConnector(BinanceConfig.from(config), context);
    }
}
