package io.marketpipe.okx;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

/**
 * Creates an {@link OkxConnector} for every {@code type = okx} block.
 */
final class OkxConnectorFactory
        implements ConnectorFactory
{
    static final String TYPE = "okx";

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new OkxConnector(OkxConfig.from(config), context);
    }
}
