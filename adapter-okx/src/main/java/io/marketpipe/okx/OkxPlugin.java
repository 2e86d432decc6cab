package io.marketpipe.okx;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The OKX adapter: public v5 market data of spot pairs, perpetual swaps, dated futures and
 * options as connector {@code type = okx}.
 */
public final class OkxPlugin
        implements Plugin
{
    private static final List<ConnectorFactory> FACTORIES = List.of(new OkxConnectorFactory());

    @Override
    public String name()
    {
        return OkxSymbols.VENUE;
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return FACTORIES;
    }
}
