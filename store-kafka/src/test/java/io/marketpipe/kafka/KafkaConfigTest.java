package io.marketpipe.kafka;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.RunningConnector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaConfigTest
{
    @TempDir
    Path temp;

    @Test
    void theProducerIsIdempotentUnlessConfiguredOtherwise()
    {
        KafkaStoreConfig config = KafkaStoreConfig.from(KafkaBlocks.storeBlock(""), "publisher");
        assertEquals("localhost:9092", config.producer().get("bootstrap.servers"));
        assertEquals("true", config.producer().get("enable.idempotence"));
        assertEquals("all", config.producer().get("acks"));
        assertEquals("marketpipe-publisher", config.producer().get("client.id"));
        assertEquals(new TopicPattern("marketpipe.{type}"), config.topics());
        assertEquals(Set.of("trade", "quote", "ticker", "book", "candle", "funding", "indicator", "status"), config.types());
        assertEquals(Duration.ofSeconds(30), config.closeTimeout());
    }

    @Test
    void producerSettingsPassThroughWhateverTheirHoconSpelling()
    {
        KafkaStoreConfig config = KafkaStoreConfig.from(KafkaBlocks.storeBlock("""
                bootstrap-servers = [ "a:9092", "b:9092" ]
                producer {
                  linger.ms = 20
                  "compression.type" = zstd
                  enable.idempotence = false
                  acks = 1
                  sasl.jaas.config = "org.apache.kafka.common.security.plain.PlainLoginModule required;"
                }
                """), "publisher");
        assertEquals(Map.of(
                "bootstrap.servers", "a:9092,b:9092",
                "client.id", "marketpipe-publisher",
                "linger.ms", "20",
                "compression.type", "zstd",
                "enable.idempotence", "false",
                "acks", "1",
                "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required;"), config.producer());
    }

    @Test
    void theConsumerReadsItsShardFromTheStartOfWhatTheTopicsHold()
    {
        KafkaConnectorConfig config = KafkaConnectorConfig.from(KafkaBlocks.connectorBlock("""
                group-id = aggregator-eu
                types = [trade, candle]
                topic-pattern = "md.{type}.v1"
                shard { index = 2, count = 3 }
                consumer { max.poll.records = 1000, "fetch.min.bytes" = 1 }
                """), "from-kafka");
        assertEquals(List.of("md.trade.v1", "md.candle.v1"), config.topics().topics(config.types()));
        assertEquals(new Shard(2, 3), config.shard());
        assertEquals(Map.of(
                "bootstrap.servers", "localhost:9092",
                "group.id", "aggregator-eu",
                "client.id", "marketpipe-from-kafka",
                "auto.offset.reset", "earliest",
                "allow.auto.create.topics", "false",
                "max.poll.records", "1000",
                "fetch.min.bytes", "1"), config.consumer());
    }

    @Test
    void aShardOwnsEveryCountthPartition()
    {
        Shard shard = new Shard(1, 3);
        assertEquals(List.of(1, 4, 7, 10), IntStream.range(0, 12).filter(shard::owns).boxed().toList());
        Shard all = new Shard(0, 1);
        assertTrue(all.owns(0) && all.owns(11));
    }

    @Test
    void oneTopicForEveryTypeKeepsAnInstrumentInOrderAcrossTypes()
    {
        TopicPattern single = new TopicPattern("marketpipe-events");
        assertEquals(List.of("marketpipe-events"), single.topics(Set.of("trade", "book", "status")));
    }

    @Test
    void invalidValuesFailNamingTheirPath()
    {
        assertPath("marketpipe.connectors[0].shard", () -> KafkaConnectorConfig.from(KafkaBlocks.connectorBlock("shard { index = 3, count = 3 }"), "c"));
        assertPath("marketpipe.connectors[0].shard", () -> KafkaConnectorConfig.from(KafkaBlocks.connectorBlock("shard { index = 0, count = 0 }"), "c"));
        assertPath("marketpipe.connectors[0].group-id", () -> KafkaConnectorConfig.from(KafkaBlocks.connectorBlock("group-id = \"\""), "c"));
        assertPath("marketpipe.connectors[0].partition-refresh", () -> KafkaConnectorConfig.from(KafkaBlocks.connectorBlock("partition-refresh = 0s"), "c"));
        assertPath("marketpipe.stores[0].types", () -> KafkaStoreConfig.from(KafkaBlocks.storeBlock("types = [trade, trades]"), "s"));
        assertPath("marketpipe.stores[0].types", () -> KafkaStoreConfig.from(KafkaBlocks.storeBlock("types = []"), "s"));
        assertPath("marketpipe.stores[0].topic-pattern", () -> KafkaStoreConfig.from(KafkaBlocks.storeBlock("topic-pattern = \"market data/{type}\""), "s"));
        assertPath("marketpipe.stores[0].bootstrap-servers", () -> KafkaStoreConfig.from(KafkaBlocks.storeBlock("bootstrap-servers = []"), "s"));
        assertPath("marketpipe.stores[0]", () -> KafkaBlocks.store("s", "producer { acks = maybe }", Metrics.NOOP));
    }

    @Test
    void theRuntimeValidatesTheBlocksAndPassesClientSettingsThrough()
    {
        String blocks = """
                marketpipe {
                  connectors = [{ type = kafka, name = from-kafka, consumer { max.poll.records = 100 } }]
                  stores = [{ type = kafka, producer { linger.ms = 5, compression.type = lz4 } }]
                }
                """;
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).config(blocks).build()) {
            assertEquals(List.of("kafka"), pipe.storeTypes());
            assertEquals("kafka", pipe.connectors().get(0).type());
            assertEquals(List.of("from-kafka"), pipe.connectors().stream().map(RunningConnector::name).toList());
        }

        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.stores = [{ type = kafka, topic-patern = \"x.{type}\" }]")
                .build());
        assertEquals("marketpipe.stores[0].topic-patern", e.path());
        assertTrue(e.getMessage().contains("did you mean topic-pattern"), e.getMessage());
    }

    private static void assertPath(String path, Runnable action)
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, action::run);
        assertEquals(path, e.path(), e.getMessage());
    }
}
