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
    static final String TYPE = OkxSymbols.VENUE;
    private static final List<ConnectorFactory> FACTORIES = List.of(ConnectorFactory.of(TYPE, (config, context) -> new OkxConnector(OkxConfig.from(config), context)));

    @Override
    public String name()
    {
        return TYPE;
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return FACTORIES;
    }
}
