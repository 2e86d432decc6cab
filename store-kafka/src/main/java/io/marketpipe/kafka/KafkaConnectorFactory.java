package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Creates a {@link KafkaConnector} for every {@code type = kafka} connector block.
 */
final class KafkaConnectorFactory
        implements ConnectorFactory
{
    static final String TYPE = "kafka";

    @Override
    public String type()
    {
        return TYPE;
    }

    /**
     * @throws ConfigurationException naming the block when Kafka rejects the consumer settings
     */
    @Override
    public Connector create(PluginConfig config, ConnectorContext context)
    {
        KafkaConnectorConfig settings = KafkaConnectorConfig.from(config, context.name());
        KafkaConsumer<byte[], byte[]> consumer = ClientProperties.construct(config, "consumer",
                () -> new KafkaConsumer<>(settings.consumer(), new ByteArrayDeserializer(), new ByteArrayDeserializer()));
        return new KafkaConnector(context.name(), settings, consumer, context.sink(), context.clock(), context.metrics());
    }
}
