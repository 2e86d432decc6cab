package io.marketpipe.kraken;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Kraken adapter: Kraken spot market data as connector {@code type = kraken}.
 */
public final class KrakenPlugin
        implements Plugin
{
    static final String TYPE = "kraken";

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of(TYPE, (config, context) -> new KrakenConnector(KrakenConfig.from(config), context)));
    }

    @Override
    public String name()
    {
        return TYPE;
    }
}
