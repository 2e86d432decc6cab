package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates a {@link KafkaStore} for every {@code type = kafka} store block.
 */
final class KafkaStoreFactory
        implements StoreFactory
{
    @Override
    public String type()
    {
        return KafkaPlugin.TYPE;
    }

    /**
     * @throws ConfigurationException naming the block when Kafka rejects the producer settings
     */
    @Override
    public Store create(PluginConfig config, StoreContext context)
    {
        KafkaStoreConfig settings = KafkaStoreConfig.from(config, context.name());
        KafkaProducer<byte[], byte[]> producer = ClientProperties.construct(config, "producer",
                () -> new KafkaProducer<>(settings.producer(), new ByteArraySerializer(), new ByteArraySerializer()));
        return new KafkaStore(context.name(), settings, producer, context.metrics());
    }
}
