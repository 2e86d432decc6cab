package io.marketpipe.kafka;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.store.StoreFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.List;

/**
 * Scale-out over Kafka: the store {@code type = kafka} publishes canonical events to topics, and
 * the connector {@code type = kafka} consumes them into another pipeline.
 */
public final class KafkaPlugin
        implements Plugin
{
    static final String TYPE = "kafka";

    @Override
    public String name()
    {
        return TYPE;
    }

    @Override
    public List<ConnectorFactory> connectorFactories()
    {
        return List.of(ConnectorFactory.of(TYPE, KafkaPlugin::connector));
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new KafkaStoreFactory());
    }

    /**
     * @return a {@link KafkaConnector} for a {@code type = kafka} connector block
     * @throws ConfigurationException naming the block when Kafka rejects the consumer settings
     */
    static KafkaConnector connector(PluginConfig config, ConnectorContext context)
    {
        KafkaConnectorConfig settings = KafkaConnectorConfig.from(config, context.name());
        KafkaConsumer<byte[], byte[]> consumer = ClientProperties.construct(config, "consumer",
                () -> new KafkaConsumer<>(settings.consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        return new KafkaConnector(context.name(), settings, consumer, context.sink(), context.clock(), context.metrics());
    }
}
