package io.marketpipe.core.internal.plugin;

import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.enricher.EnricherContext;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.api.store.StoreQueries;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Wraps a plugin's factories, and what they create, so that every runtime call into the plugin
 * swaps in the plugin's context class loader. Calls the plugin makes on its own threads (socket
 * callbacks) are the transports' business and need no wrapping.
 */
final class IsolatedFactories
{
    private IsolatedFactories() {}

    static ConnectorFactory connector(ConnectorFactory factory, ClassLoader loader)
    {
        return new ConnectorFactory()
        {
            @Override
            public String type()
            {
                return factory.type();
            }

            @Override
            public Connector create(PluginConfig config, ConnectorContext context)
            {
                Connector connector = ContextClassLoader.call(loader, () -> factory.create(config, context));
                return new Connector()
                {
                    @Override
                    public void start()
                    {
                        ContextClassLoader.run(loader, connector::start);
                    }

                    @Override
                    public List<Instrument> instruments()
                    {
                        return ContextClassLoader.call(loader, connector::instruments);
                    }

                    @Override
                    public Optional<HistoricalCandles> candleHistory()
                    {
                        return ContextClassLoader.call(loader, connector::candleHistory)
                                .map(history -> (instrument, interval, endMillis, limit) ->
                                        ContextClassLoader.call(loader, () -> history.candles(instrument, interval, endMillis, limit)));
                    }

                    @Override
                    public void close()
                    {
                        ContextClassLoader.run(loader, connector::close);
                    }

                    @Override
                    public String toString()
                    {
                        return connector.toString();
                    }
                };
            }
        };
    }

    static EnricherFactory enricher(EnricherFactory factory, ClassLoader loader)
    {
        return new EnricherFactory()
        {
            @Override
            public String type()
            {
                return factory.type();
            }

            @Override
            public Enricher create(PluginConfig config, EnricherContext context)
            {
                Enricher enricher = ContextClassLoader.call(loader, () -> factory.create(config, context));
                return new Enricher()
                {
                    @Override
                    public void onEvent(MarketEvent event, EventSink out)
                    {
                        ContextClassLoader.run(loader, () -> enricher.onEvent(event, out));
                    }

                    @Override
                    public void close()
                    {
                        ContextClassLoader.run(loader, enricher::close);
                    }

                    @Override
                    public String toString()
                    {
                        return enricher.toString();
                    }
                };
            }
        };
    }

    static StoreFactory store(StoreFactory factory, ClassLoader loader)
    {
        return new StoreFactory()
        {
            @Override
            public String type()
            {
                return factory.type();
            }

            @Override
            public Store create(PluginConfig config, StoreContext context)
            {
                Store store = ContextClassLoader.call(loader, () -> factory.create(config, context));
                return new Store()
                {
                    @Override
                    public void write(List<MarketEvent> batch)
                            throws IOException
                    {
                        withLoader(() -> store.write(batch));
                    }

                    @Override
                    public void flush()
                            throws IOException
                    {
                        withLoader(store::flush);
                    }

                    @Override
                    public Optional<StoreQueries> queries()
                    {
                        return ContextClassLoader.call(loader, store::queries);
                    }

                    @Override
                    public void close()
                            throws IOException
                    {
                        withLoader(store::close);
                    }

                    @Override
                    public String toString()
                    {
                        return store.toString();
                    }

                    private void withLoader(IoAction action)
                            throws IOException
                    {
                        Thread thread = Thread.currentThread();
                        ClassLoader previous = thread.getContextClassLoader();
                        thread.setContextClassLoader(loader);
                        try {
                            action.run();
                        }
                        finally {
                            thread.setContextClassLoader(previous);
                        }
                    }
                };
            }
        };
    }

    @FunctionalInterface
    private interface IoAction
    {
        void run()
                throws IOException;
    }
}
