package io.marketpipe.kafka;

import com.codahale.metrics.Gauge;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.testkit.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The scale-out topology end to end: a collecting pipeline publishes through the Kafka store to a
 * real broker, and aggregating pipelines consume the topics through the Kafka connector. Every
 * event arrives once, and in the order Kafka promises: per instrument within each topic.
 */
@ExtendWith(KafkaBroker.class)
class KafkaRoundTripTest
{
    private static final List<String> TYPES = List.of("trade", "quote", "ticker", "book", "candle", "funding", "indicator", "status");
    private static final int PARTITIONS = 4;

    @TempDir
    Path temp;

    @Test
    void everyEventReachesTheAggregatorOnceAndInOrderPerInstrumentAndType()
            throws Exception
    {
        KafkaBroker.createTopics(new TopicPattern("roundtrip.{type}").topics(new HashSet<>(TYPES)), PARTITIONS);
        List<MarketEvent> published = publish("roundtrip", "roundtrip.{type}", MarketEvents.session("collector", 120));

        List<MarketEvent> received = aggregate("roundtrip.{type}", published.size(), new Aggregator("aggregator", 0, 1)).get(0);

        assertSameOrder(MarketEvents.byKey(published, true), MarketEvents.byKey(received, true));
        assertEquals(published.size(), received.size(), "every event once");
    }

    @Test
    void oneTopicKeepsEachInstrumentInOrderAcrossTypes()
            throws Exception
    {
        KafkaBroker.createTopics(List.of("single-topic"), PARTITIONS);
        List<MarketEvent> published = publish("single", "single-topic", MarketEvents.session("collector", 60));

        List<MarketEvent> received = aggregate("single-topic", published.size(), new Aggregator("aggregator", 0, 1)).get(0);

        assertSameOrder(MarketEvents.byKey(published, false), MarketEvents.byKey(received, false));
        assertEquals(published.size(), received.size(), "every event once");
    }

    @Test
    void shardsSplitTheInstrumentsBetweenAggregators()
            throws Exception
    {
        KafkaBroker.createTopics(new TopicPattern("sharded.{type}").topics(new HashSet<>(TYPES)), PARTITIONS);
        List<MarketEvent> published = publish("sharded", "sharded.{type}", MarketEvents.session("collector", 60));

        List<List<MarketEvent>> shards = aggregate("sharded.{type}", published.size(), new Aggregator("shard-0", 0, 2), new Aggregator("shard-1", 1, 2));

        Set<String> first = MarketEvents.byKey(shards.get(0), false).keySet();
        Set<String> second = MarketEvents.byKey(shards.get(1), false).keySet();
        assertFalse(first.isEmpty(), "shard 0 consumed instruments");
        assertFalse(second.isEmpty(), "shard 1 consumed instruments");
        assertTrue(first.stream().noneMatch(second::contains), "each instrument, with all its types, belongs to one shard: " + first + " and " + second);
        List<MarketEvent> union = new ArrayList<>(shards.get(0));
        union.addAll(shards.get(1));
        assertSameOrder(MarketEvents.byKey(published, true), MarketEvents.byKey(union, true));
        assertEquals(published.size(), union.size(), "every event once");
    }

    /**
     * Runs a collecting pipeline whose connector publishes the events, with a Kafka store.
     *
     * @return the events the store was given, in bus order
     */
    private List<MarketEvent> publish(String script, String topicPattern, List<MarketEvent> events)
    {
        ScriptedPlugin.register(script, events);
        ConcurrentLinkedQueue<MarketEvent> seen = new ConcurrentLinkedQueue<>();
        String config = """
                marketpipe {
                  metrics.log-interval = 0s
                  candles.intervals = []
                  connectors = [{ type = scripted, name = collector, script = %s }]
                  stores = [{ type = kafka, name = to-kafka, bootstrap-servers = "%s", topic-pattern = "%s" }]
                }
                """.formatted(script, KafkaBroker.bootstrapServers(), topicPattern);
        MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).config(config).listener(seen::add).build();
        try (pipe) {
            pipe.start();
        }
        List<MarketEvent> published = List.copyOf(seen);
        List<MarketEvent> marketData = published.stream().filter(event -> !(event instanceof SourceStatus)).toList();
        assertEquals(events.stream().filter(event -> !(event instanceof SourceStatus)).toList(), marketData, "the collector passed every event on");
        assertEquals(published.size(), pipe.count("store.to-kafka.published"), "acknowledged by the broker");
        assertEquals(0, pipe.count("store.to-kafka.failed"));
        return published;
    }

    /**
     * Runs aggregating pipelines, one per shard, until together they have received {@code expected}
     * events and each has consumed its partitions to the end.
     *
     * @return the events each received from Kafka, without the statuses it made itself
     */
    private List<List<MarketEvent>> aggregate(String topicPattern, int expected, Aggregator... aggregators)
            throws InterruptedException
    {
        List<MarketPipe> pipes = new ArrayList<>();
        List<ConcurrentLinkedQueue<MarketEvent>> received = new ArrayList<>();
        try {
            for (Aggregator aggregator : aggregators) {
                ConcurrentLinkedQueue<MarketEvent> events = new ConcurrentLinkedQueue<>();
                received.add(events);
                String config = """
                        marketpipe {
                          metrics.log-interval = 0s
                          candles.intervals = []
                          connectors = [{
                            type = kafka
                            name = %s
                            bootstrap-servers = "%s"
                            topic-pattern = "%s"
                            group-id = %s
                            shard { index = %d, count = %d }
                          }]
                        }
                        """.formatted(aggregator.name(), KafkaBroker.bootstrapServers(), topicPattern, topicPattern.replace("{type}", "all"), aggregator.index(), aggregator.count());
                MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).config(config)
                        .listener(event -> {
                            if (!(event instanceof SourceStatus status && status.source().equals(aggregator.name()))) {
                                events.add(event);
                            }
                        })
                        .build();
                pipes.add(pipe);
                pipe.start();
            }
            Await.until("every aggregator has consumed every event", KafkaBroker.TIMEOUT, () -> received.stream().mapToInt(ConcurrentLinkedQueue::size).sum() >= expected && consumedToTheEnd(pipes, aggregators),
                    () -> received.stream().mapToInt(ConcurrentLinkedQueue::size).sum() + " of " + expected + " events received");
            for (int i = 0; i < aggregators.length; i++) {
                long partitions = gauge(pipes.get(i), "connector." + aggregators[i].name() + ".partitions");
                assertEquals(topicPattern.contains("{type}") ? TYPES.size() * PARTITIONS / aggregators[i].count() : PARTITIONS / aggregators[i].count(), partitions);
            }
        }
        finally {
            pipes.forEach(MarketPipe::close);
        }
        return received.stream().<List<MarketEvent>>map(List::copyOf).toList();
    }

    private static boolean consumedToTheEnd(List<MarketPipe> pipes, Aggregator[] aggregators)
    {
        for (int i = 0; i < aggregators.length; i++) {
            if (gauge(pipes.get(i), "connector." + aggregators[i].name() + ".partitions") == 0 || gauge(pipes.get(i), "connector." + aggregators[i].name() + ".lag") != 0) {
                return false;
            }
        }
        return true;
    }

    private static long gauge(MarketPipe pipe, String name)
    {
        Gauge<?> gauge = (Gauge<?>) pipe.metrics().getMetrics().get(name);
        return gauge == null ? 0 : ((Number) gauge.getValue()).longValue();
    }

    private static void assertSameOrder(Map<String, List<MarketEvent>> expected, Map<String, List<MarketEvent>> actual)
    {
        assertEquals(expected.keySet(), actual.keySet());
        for (Map.Entry<String, List<MarketEvent>> entry : expected.entrySet()) {
            assertEquals(entry.getValue(), actual.get(entry.getKey()), entry.getKey());
        }
    }

    /**
     * An aggregating pipeline's Kafka connector and its shard.
     */
    private record Aggregator(String name, int index, int count) {}
}
