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
        return List.of(new CoinbaseConnectorFactory(CoinbaseFeed.ADVANCED_TRADE), new CoinbaseConnectorFactory(CoinbaseFeed.EXCHANGE));
    }
}
