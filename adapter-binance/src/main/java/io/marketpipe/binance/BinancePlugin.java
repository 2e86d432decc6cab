package io.marketpipe.binance;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * The Binance adapter: spot, USD-M and COIN-M futures market data as connector {@code type = binance}.
 */
public final class BinancePlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return BinanceSymbols.VENUE;
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of(BinanceSymbols.VENUE, (config, context) -> new BinanceConnector(BinanceConfig.from(config), context)));
    }
}
