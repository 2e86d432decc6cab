package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ConnectorFactory;

import static java.util.Objects.requireNonNull;

/**
 * A venue's {@link ConnectorFactory}: the connector {@code type} it serves, given once, and the
 * connector it creates from a validated block.
 */
public abstract class VenueConnectorFactory
        implements ConnectorFactory
{
    private final String type;

    /**
     * @param type the {@code type} of the connector blocks the factory serves, e.g. {@code okx}
     */
    protected VenueConnectorFactory(String type)
    {
        this.type = requireNonNull(type, "type is null");
    }

    @Override
    public final String type()
    {
        return type;
    }
}
