package io.marketpipe.kafka;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Registers connector type {@code scripted} on the test class path: on start it publishes the
 * events a test registered under its {@code script} name, as a venue connector would, through the
 * runtime's validation onto the bus.
 */
public final class ScriptedPlugin
        implements Plugin
{
    private static final Map<String, List<MarketEvent>> SCRIPTS = new ConcurrentHashMap<>();

    static void register(String script, List<MarketEvent> events)
    {
        SCRIPTS.put(script, List.copyOf(events));
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of("scripted", ScriptedPlugin::connector));
    }

    private static Connector connector(PluginConfig config, ConnectorContext context)
    {
        List<MarketEvent> events = SCRIPTS.get(config.getString("script"));
        return new Connector()
        {
            @Override
            public void start()
            {
                events.forEach(context.sink()::accept);
            }

            @Override
            public List<Instrument> instruments()
            {
                return events.stream().map(MarketEvent::instrument).filter(instrument -> instrument != null).distinct().toList();
            }

            @Override
            public void close()
            {
            }
        };
    }
}
