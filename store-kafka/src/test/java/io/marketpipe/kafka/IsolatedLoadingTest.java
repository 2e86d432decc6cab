package io.marketpipe.kafka;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.fakes.CountingMetrics;
import io.marketpipe.testkit.plugin.IsolatedPluginLoader;
import io.marketpipe.testkit.plugin.PluginJars;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The distribution loads {@code plugins/kafka/*.jar} in a class loader of its own whose parent is
 * the platform loader, sharing only the SPI and slf4j. With exactly the jars the distribution puts
 * there (the module and its runtime dependencies: kafka-clients and its compression libraries,
 * the event JSON, jackson-core), the store
 * publishes compressed records and the connector consumes them: Kafka finds the classes its
 * settings name, and the native compression library loads, inside that loader.
 */
@ExtendWith(KafkaBroker.class)
class IsolatedLoadingTest
{
    @Test
    void theStoreAndTheConnectorWorkFromTheirOwnClassLoader()
            throws Exception
    {
        URL[] jars = PluginJars.ofThisModule();
        KafkaBroker.createTopics(new TopicPattern("isolated.{type}").topics(new HashSet<>(List.of("trade", "quote", "ticker", "book", "candle", "funding", "indicator", "status"))), 2);
        List<MarketEvent> events = MarketEvents.session("isolated", 10);
        String settings = "bootstrap-servers = \"" + KafkaBroker.bootstrapServers() + "\"\ntopic-pattern = \"isolated.{type}\"\n";

        try (IsolatedPluginLoader loader = new IsolatedPluginLoader("plugin:kafka", jars, getClass().getClassLoader())) {
            Plugin plugin = loader.plugin();
            StoreFactory storeFactory = plugin.storeFactories().get(0);
            ConnectorFactory connectorFactory = plugin.connectorFactories().get(0);
            assertNotSame(KafkaStoreFactory.class, storeFactory.getClass(), "the factory comes from the isolated copy");
            assertNotSame(KafkaProducer.class, loader.loadClass(KafkaProducer.class.getName()), "so does Kafka");

            Store store = loader.call(() -> storeFactory.create(KafkaBlocks.storeBlock(settings + "producer { compression.type = zstd }"), () -> "isolated"));
            try {
                loader.call(() -> {
                    store.write(events);
                    store.flush();
                    return null;
                });
            }
            finally {
                store.close();
            }

            ConcurrentLinkedQueue<MarketEvent> received = new ConcurrentLinkedQueue<>();
            CountingMetrics metrics = new CountingMetrics();
            EventSink sink = event -> {
                if (!(event instanceof SourceStatus status && status.source().equals("from-kafka"))) {
                    received.add(event);
                }
            };
            Connector connector = loader.call(() -> connectorFactory.create(KafkaBlocks.connectorBlock(settings + "group-id = isolated"), new KafkaBlocks.TestConnectorContext("from-kafka", sink, metrics)));
            try {
                connector.start();
                Await.until("every event is consumed", KafkaBroker.TIMEOUT, () -> received.size() >= events.size() && metrics.gauge("partitions") > 0 && metrics.gauge("lag") == 0,
                        () -> received.size() + " of " + events.size() + " events received");
            }
            finally {
                connector.close();
            }
            assertEquals(MarketEvents.byKey(events, true), MarketEvents.byKey(List.copyOf(received), true));
        }
    }
}
