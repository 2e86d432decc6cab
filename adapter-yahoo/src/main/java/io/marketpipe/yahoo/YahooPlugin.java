package io.marketpipe.yahoo;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Yahoo Finance adapter: polled quotes, candles, dividends and splits of equities, funds,
 * indices, FX, futures and crypto. It is its own (only) factory: one {@link YahooConnector} for
 * every {@code type = yahoo} block.
 */
public final class YahooPlugin
        implements Plugin, ConnectorFactory
{
    static final String TYPE = "yahoo";

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(this);
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new YahooConnector(YahooConfig.from(config), context);
    }

    @Override
    public String type()
    {
        return TYPE;
    }

    @Override
    public String name()
    {
        return TYPE;
    }
}
