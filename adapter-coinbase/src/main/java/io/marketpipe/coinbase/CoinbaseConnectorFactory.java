package io.marketpipe.coinbase;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;

import static java.util.Objects.requireNonNull;

/**
 * Creates a {@link CoinbaseConnector} for every block of one feed's type.
 */
final class CoinbaseConnectorFactory
        implements ConnectorFactory
{
    private final CoinbaseFeed feed;

    CoinbaseConnectorFactory(CoinbaseFeed feed)
    {
        this.feed = requireNonNull(feed, "feed is null");
    }

    @Override
    public String type()
    {
        return feed.type();
    }

    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        return new CoinbaseConnector(CoinbaseConfig.from(feed, config), context);
    }
}
