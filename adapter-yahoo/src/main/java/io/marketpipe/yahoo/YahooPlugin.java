package io.marketpipe.yahoo;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Yahoo Finance adapter: polled quotes, candles, dividends and splits of equities, funds,
 * indices, FX, futures and crypto as connector {@code type = yahoo}.
 */
public final class YahooPlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "yahoo";
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(new YahooConnectorFactory());
    }
}
