package io.marketpipe.yahoo;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Yahoo Finance adapter: polled quotes, candles, dividends and splits of equities, funds,
 * indices, FX, futures and crypto: one {@link YahooConnector} for every {@code type = yahoo} block.
 */
public final class YahooPlugin
        implements Plugin
{
    static final String TYPE = "yahoo";

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of(TYPE, (config, context) -> new YahooConnector(YahooConfig.from(config), context)));
    }

    @Override
    public String name()
    {
        return TYPE;
    }
}
