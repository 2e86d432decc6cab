package io.marketpipe.kafka;

import io.marketpipe.testkit.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A real Kafka broker in the test JVM: one KRaft node that is broker and controller at once, started
 * by the first test class that extends with it and shared by every later one, then closed when the
 * test run ends. No Docker, no network beyond loopback.
 */
final class KafkaBroker
        implements BeforeAllCallback
{
    /** How long a test waits for the broker and its clients; generous for a loaded 2-core machine. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static volatile String bootstrapServers;

    @Override
    public void beforeAll(ExtensionContext context)
    {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(KafkaBroker.class, key -> start(), Running.class);
    }

    /**
     * Runs a broker for scripts (the distribution smoke test): creates the topics named as
     * arguments (one partition each), prints {@code bootstrap=host:port} once they are served and
     * runs until it is killed.
     */
    public static void main(String[] args)
            throws Exception
    {
        try (Running running = start()) {
            if (args.length > 0) {
                createTopics(List.of(args), 1);
            }
            System.out.println("bootstrap=" + bootstrapServers);
            System.out.flush();
            Thread.currentThread().join();
        }
    }

    /**
     * @return the broker's {@code host:port}
     */
    static String bootstrapServers()
    {
        if (bootstrapServers == null) {
            throw new IllegalStateException("the test class does not extend with KafkaBroker");
        }
        return bootstrapServers;
    }

    /**
     * Creates topics with {@code partitions} partitions each, and waits until the broker serves
     * every partition.
     *
     * <p>A produce request that reaches the broker before it has opened a new partition fails and is
     * retried, and when a later request of the same producer got in first, the broker refuses the
     * retry as out of sequence until the producer gives up on it (KAFKA-15591): an idempotent
     * producer's first records to a brand-new partition can be lost. Topics made ahead of the first
     * run, as the README asks, never meet this.
     */
    static void createTopics(Collection<String> topics, int partitions)
            throws Exception
    {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            List<NewTopic> created = topics.stream().map(topic -> new NewTopic(topic, partitions, (short) 1)).toList();
            admin.createTopics(created).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            for (String topic : topics) {
                for (int partition = 0; partition < partitions; partition++) {
                    ends.put(new TopicPartition(topic, partition), OffsetSpec.latest());
                }
            }
            Await.until("the broker serves every partition", KafkaBroker.TIMEOUT, () -> served(admin, ends), () -> "the broker serves every partition of " + topics);
        }
    }

    // only a partition's open leader answers for its end offset
    private static boolean served(Admin admin, Map<TopicPartition, OffsetSpec> ends)
    {
        try {
            admin.listOffsets(ends).all().get(30, TimeUnit.SECONDS);
            return true;
        }
        catch (ExecutionException e) {
            if (e.getCause() instanceof RetriableException) {
                return false;
            }
            throw new IllegalStateException(e.getCause());
        }
        catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Running start()
    {
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    // a single broker can hold one replica of the internal topics
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "1")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            bootstrapServers = cluster.bootstrapServers();
            return new Running(cluster);
        }
        catch (Exception e) {
            throw new IllegalStateException("the test broker did not start", e);
        }
    }

    /**
     * The running broker, closed with the root test context.
     */
    private record Running(KafkaClusterTestKit cluster)
            implements AutoCloseable
    {
        @Override
        public void close()
        {
            bootstrapServers = null;
            try {
                cluster.close();
            }
            catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            catch (Exception e) {
                throw new IllegalStateException("the test broker did not stop cleanly", e);
            }
        }
    }
}
