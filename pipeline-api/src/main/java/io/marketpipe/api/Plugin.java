package io.marketpipe.api;

import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * The single {@link java.util.ServiceLoader} entry point of a plugin jar.
 *
 * <p>A jar registers its implementation in {@code META-INF/services/io.marketpipe.api.Plugin}.
 * The runtime discovers plugins on the classpath (embedding hosts) and in
 * {@code plugins/<name>/*.jar} (the distribution), each plugin directory in its own class
 * loader. A plugin overrides only the methods for what it offers; every method defaults to an
 * empty list.
 *
 * @since 0.1
 */
public interface Plugin
{
    /**
     * A short human-readable name for listings and error messages.
     *
     * @return the plugin name; defaults to the simple class name
     */
    default String name()
    {
        return getClass().getSimpleName();
    }

    /**
     * @return factories for venue connectors, each with a distinct {@code type()}
     */
    default List<ConnectorFactory> connectorFactories()
    {
        return List.of();
    }

    /**
     * @return factories for enrichers (indicators, signals), each with a distinct {@code type()}
     */
    default List<EnricherFactory> enricherFactories()
    {
        return List.of();
    }

    /**
     * @return factories for stores, each with a distinct {@code type()}
     */
    default List<StoreFactory> storeFactories()
    {
        return List.of();
    }
}
