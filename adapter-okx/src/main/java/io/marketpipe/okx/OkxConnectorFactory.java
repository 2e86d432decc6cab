package io.marketpipe.okx;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.toolkit.VenueConnectorFactory;

/**
 * Creates an {@link OkxConnector} for every {@code type = okx} block.
 */
final class OkxConnectorFactory
        extends VenueConnectorFactory
{
    static final String TYPE = OkxSymbols.VENUE;

    OkxConnectorFactory()
    {
        super(TYPE);
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new OkxConnector(OkxConfig.from(config), context);
    }
}
