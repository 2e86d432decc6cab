package io.marketpipe.kraken;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

/**
 * Creates a {@link KrakenConnector} for every {@code type = kraken} block.
 */
final class KrakenConnectorFactory
        implements ConnectorFactory
{
    static final String TYPE = "kraken";

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        KrakenConfig settings = KrakenConfig.from(config);
        return new KrakenConnector(settings, context);
    }

    @Override
    public String type()
    {
        return TYPE;
    }
}
