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
    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(new KrakenConnectorFactory());
    }

    @Override
    public String name()
    {
        return KrakenConnectorFactory.TYPE;
    }
}
