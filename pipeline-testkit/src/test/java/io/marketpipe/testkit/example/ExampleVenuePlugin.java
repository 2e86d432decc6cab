package io.marketpipe.testkit.example;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;

import java.util.List;

/**
 * Registers the example venue's connector ({@code type = example}), which the testkit's own
 * tests run the conformance suite against.
 */
public final class ExampleVenuePlugin
        implements Plugin
{
    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of(ExampleVenueConnector.VENUE, (config, context) -> new ExampleVenueConnector(
                config.getString("market"),
                config.getStringList("symbols"),
                config.getString("ws-url"),
                config.getString("rest-url"),
                config.getEnum(ExampleVenueConnector.Defect.class, "defect"),
                context)));
    }
}
