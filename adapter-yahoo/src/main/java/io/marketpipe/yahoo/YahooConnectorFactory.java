package io.marketpipe.yahoo;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

/**
 * Creates a {@link YahooConnector} for every {@code type = yahoo} block.
 */
final class YahooConnectorFactory
        implements ConnectorFactory
{
    static final String TYPE = "yahoo";

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new YahooConnector(YahooConfig.from(config), context);
    }
}
