package io.marketpipe.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.core.PipelineParts;

/**
 * Builds the plugin's stores and connectors for the tests from HOCON blocks, merged with the
 * module's defaults and validated as the runtime does, with small contexts of their own.
 */
final class KafkaBlocks
{
    private KafkaBlocks() {}

    /**
     * @param hocon keys of a {@code marketpipe.stores[0]} block besides {@code type}
     */
    static PluginConfig storeBlock(String hocon)
    {
        return block("marketpipe.stores[0]", "store", hocon);
    }

    /**
     * @param hocon keys of a {@code marketpipe.connectors[0]} block besides {@code type}
     */
    static PluginConfig connectorBlock(String hocon)
    {
        return block("marketpipe.connectors[0]", "connector", hocon);
    }

    static KafkaStore store(String name, String hocon, Metrics metrics)
    {
        return (KafkaStore) new KafkaStoreFactory().create(storeBlock(hocon), new TestStoreContext(name, metrics));
    }

    static KafkaConnector connector(String name, String hocon, EventSink sink, Metrics metrics)
    {
        return KafkaPlugin.connector(connectorBlock(hocon), new TestConnectorContext(name, sink, metrics));
    }

    private static PluginConfig block(String path, String kind, String hocon)
    {
        Config defaults = ConfigFactory.parseResources(KafkaBlocks.class.getClassLoader(), "reference.conf").getConfig("marketpipe.defaults." + kind + ".kafka");
        Config block = ConfigFactory.parseString("type = kafka\n" + hocon);
        return PipelineParts.pluginConfig(path, block, defaults);
    }

    /**
     * A store context of a name and metrics, the host services the Kafka store uses.
     */
    record TestStoreContext(String name, Metrics metrics)
            implements StoreContext {}

    /**
     * A connector context of a name, a sink and metrics, the host services the Kafka connector uses.
     */
    record TestConnectorContext(String name, EventSink sink, Metrics metrics)
            implements ConnectorContext {}
}
