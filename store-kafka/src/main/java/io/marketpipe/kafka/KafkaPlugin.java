package io.marketpipe.kafka;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * Scale-out over Kafka: the store {@code type = kafka} publishes canonical events to topics, and
 * the connector {@code type = kafka} consumes them into another pipeline.
 */
public final class KafkaPlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "kafka";
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(new KafkaConnectorFactory());
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new KafkaStoreFactory());
    }
}
