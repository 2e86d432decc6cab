package io.marketpipe.kafka;import io.marketpipe.api.Plugin;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.ConnectorFactory;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.plugin.PluginJars;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
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

        try (URLClassLoader loader = new SharingClassLoader(jars, getClass().getClassLoader())) {
            Plugin plugin = ServiceLoader.load(Plugin.class, loader).stream()
                    .map(ServiceLoader.Provider::get)
                    .filter(candidate -> candidate.getClass().getClassLoader() == loader)
                    .findFirst().orElseThrow();
            StoreFactory storeFactory = plugin.storeFactories().get(0);
            ConnectorFactory connectorFactory = plugin.connectorFactories().get(0);
            assertNotSame(KafkaStoreFactory.class, storeFactory.getClass(), "the factory comes from the isolated copy");
            assertNotSame(KafkaProducer.class, loader.loadClass(KafkaProducer.class.getName()), "so does Kafka");

            Store store = withContextLoader(loader, () -> storeFactory.create(KafkaBlocks.storeBlock(settings + "producer { compression.type = zstd }"), () -> "isolated"));
            try {
                withContextLoader(loader, () -> {
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
            Connector connector = withContextLoader(loader, () -> connectorFactory.create(KafkaBlocks.connectorBlock(settings + "group-id = isolated"), context(sink, metrics)));
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

    private static ConnectorContext context(EventSink sink, Metrics metrics)
    {
        return new ConnectorContext()
        {
            @Override
            public String name()
            {
                return "from-kafka";
            }

            @Override
            public EventSink sink()
            {
                return sink;
            }

            @Override
            public Metrics metrics()
            {
                return metrics;
            }
        };
    }

    private static <T> T withContextLoader(ClassLoader loader, ThrowingSupplier<T> action)
            throws Exception
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    @FunctionalInterface
    private interface ThrowingSupplier<T>
    {
        T get()
                throws Exception;
    }

    /**
     * Like the runtime's plugin class loader: the platform loader as parent, the SPI and slf4j
     * from the host.
     */
    private static final class SharingClassLoader
            extends URLClassLoader
    {
        private final ClassLoader host;

        SharingClassLoader(URL[] jars, ClassLoader host)
        {
            super("plugin:kafka", jars, ClassLoader.getPlatformClassLoader());
            this.host = host;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve)
                throws ClassNotFoundException
        {
            if (name.startsWith("io.marketpipe.api.") || name.startsWith("org.slf4j.")) {
                return host.loadClass(name);
            }
            return super.loadClass(name, resolve);
        }
    }
}
