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
    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(new OkxConnectorFactory());
    }

    @Override
    public String name()
    {
        return OkxSymbols.VENUE;
    }
}
