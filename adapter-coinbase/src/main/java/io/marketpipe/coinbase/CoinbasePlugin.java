package io.marketpipe.coinbase;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Coinbase adapter: Advanced Trade market data as connector {@code type = coinbase}, and the
 * Coinbase Exchange feed as {@code type = coinbase-exchange}.
 */
public final class CoinbasePlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "coinbase";
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(connectorFactory(CoinbaseFeed.ADVANCED_TRADE), connectorFactory(CoinbaseFeed.EXCHANGE));
    }

    private static ConnectorFactory connectorFactory(CoinbaseFeed feed)
    {
        return ConnectorFactory.of(feed.type(), (config, context) -> new CoinbaseConnector(CoinbaseConfig.from(feed, config), context));
    }
}
