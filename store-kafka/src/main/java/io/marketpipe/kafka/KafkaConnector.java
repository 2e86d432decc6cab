package io.marketpipe.kafka;

import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Consumes the topics Kafka stores publish and republishes their events into this pipeline, as they
 * were published: same instruments, venues and timestamps. One thread polls; events reach the sink
 * in partition order, so each instrument's events of a topic arrive in the order they were published.
 *
 * <p>The consumer is assigned its {@link Shard} of every topic's partitions directly rather than
 * through group rebalancing, so a shard always consumes the same instruments and its per-instrument
 * state (books, candles, quality) stays whole. The consumer group only keeps the committed offsets:
 * a restart goes on where the last run stopped. Offsets are committed (automatically, by default)
 * for events already handed to the pipeline. The partitions are looked up again every
 * {@code partition-refresh}, which picks up topics created after the start and added partitions.
 *
 * <p>A record that is not an event is counted in {@code decode-errors} and reported as a
 * {@code decode_error} status; a failing broker as {@code poll-errors}, logged and retried, with a
 * {@code disconnected} status until it works again. Metrics: {@code records} (received),
 * {@code decode-errors}, {@code poll-errors}, and the gauges {@code partitions} (assigned) and
 * {@code lag} (records in the assigned partitions not consumed yet, as of the last fetch).
 */
final class KafkaConnector
        implements Connector
{
    /** The venue of this connector's own status events. */
    static final String VENUE = "kafka";
    /** The market of this connector's own status events. */
    static final String MARKET = "consumer";

    private static final Logger log = LoggerFactory.getLogger(KafkaConnector.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    private static final long RETRY_MILLIS = 1000;

    private final String name;
    private final KafkaConnectorConfig config;
    private final Consumer<byte[], byte[]> consumer;
    private final EventSink sink;
    private final MarketClock clock;
    private final List<String> topics;
    private final Set<Instrument> instruments = ConcurrentHashMap.newKeySet();
    private final Set<String> unevenTopics = new HashSet<>();
    private final Metrics.Counter records;
    private final Metrics.Counter decodeErrors;
    private final Metrics.Counter pollErrors;
    private final AtomicLong lag = new AtomicLong();
    private final AtomicLong assignedPartitions = new AtomicLong();
    private final ThrottledWarnings warnings = new ThrottledWarnings(log);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private boolean waitingReported;
    private boolean started;
    private boolean closed;

    KafkaConnector(String name, KafkaConnectorConfig config, Consumer<byte[], byte[]> consumer, EventSink sink, MarketClock clock, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.consumer = requireNonNull(consumer, "consumer is null");
        this.sink = requireNonNull(sink, "sink is null");
        this.clock = requireNonNull(clock, "clock is null");
        this.topics = config.topics().topics(config.types());
        this.records = metrics.counter("records");
        this.decodeErrors = metrics.counter("decode-errors");
        this.pollErrors = metrics.counter("poll-errors");
        metrics.gauge("lag", lag::get);
        metrics.gauge("partitions", assignedPartitions::get);
        this.thread = new Thread(this::run, "marketpipe-kafka-" + name);
        this.thread.setDaemon(true);
        // Kafka loads the classes its settings name through the context class loader: the plugin's own
        this.thread.setContextClassLoader(KafkaConnector.class.getClassLoader());
    }

    @Override
    public synchronized void start()
    {
        if (started || closed) {
            return;
        }
        started = true;
        thread.start();
    }

    @Override
    public List<Instrument> instruments()
    {
        return List.copyOf(instruments);
    }

    /**
     * Stops polling, commits the offsets of what was consumed (with the default automatic commits)
     * and closes the consumer. Idempotent.
     */
    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        closing.countDown();
        if (!started) {
            closeConsumer();
            return;
        }
        consumer.wakeup();
        try {
            thread.join(CLOSE_TIMEOUT.toMillis() + RETRY_MILLIS);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            log.warn("Kafka connector {} did not stop within {}", name, CLOSE_TIMEOUT);
        }
    }

    private void run()
    {
        Set<TopicPartition> assigned = Set.of();
        long nextRefresh = System.nanoTime();
        boolean connected = false;
        try {
            while (closing.getCount() > 0) {
                try {
                    if (System.nanoTime() - nextRefresh >= 0) {
                        assigned = assign(assigned);
                        nextRefresh = System.nanoTime() + config.partitionRefresh().toNanos();
                    }
                    if (assigned.isEmpty()) {
                        if (closing.await(Math.max(nextRefresh - System.nanoTime(), 0), TimeUnit.NANOSECONDS)) {
                            break;
                        }
                        continue;
                    }
                    ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL_TIMEOUT);
                    if (!connected) {
                        connected = true;
                        status(SourceStatus.Kind.CONNECTED, "consuming " + assigned.size() + " partitions of " + String.join(", ", topics) + " as " + config.shard());
                    }
                    for (ConsumerRecord<byte[], byte[]> record : batch) {
                        handle(record);
                    }
                    lag.set(lag(assigned));
                }
                catch (WakeupException e) {
                    // close() woke the consumer up; the loop ends
                }
                catch (InterruptException e) {
                    break;
                }
                catch (KafkaException e) {
                    pollErrors.inc();
                    warnings.warn("Kafka connector " + name + " failed to consume: " + e + "; retrying");
                    if (connected) {
                        connected = false;
                        status(SourceStatus.Kind.DISCONNECTED, "consuming failed: " + e.getMessage());
                    }
                    if (closing.await(RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                        break;
                    }
                }
            }
        }
        catch (InterruptedException e) {
            log.debug("Kafka connector {} interrupted", name);
        }
        finally {
            closeConsumer();
        }
    }

    /**
     * Looks up the partitions of every topic and assigns this shard's share, keeping the positions
     * of partitions already assigned.
     */
    private Set<TopicPartition> assign(Set<TopicPartition> assigned)
    {
        Set<TopicPartition> owned = new HashSet<>();
        for (String topic : topics) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic);
            if (partitions.isEmpty()) {
                continue;
            }
            if (partitions.size() % config.shard().count() != 0 && unevenTopics.add(topic)) {
                log.warn("Kafka connector {}: topic {} has {} partitions, which {} shards cannot share evenly; an instrument's events of different types "
                        + "may reach different shards", name, topic, partitions.size(), config.shard().count());
            }
            for (PartitionInfo partition : partitions) {
                if (config.shard().owns(partition.partition())) {
                    owned.add(new TopicPartition(topic, partition.partition()));
                }
            }
        }
        if (owned.isEmpty() && !waitingReported) {
            waitingReported = true;
            log.info("Kafka connector {}: none of the topics {} exists yet; looking again every {}", name, topics, config.partitionRefresh());
        }
        if (owned.equals(assigned)) {
            return assigned;
        }
        consumer.assign(owned);
        assignedPartitions.set(owned.size());
        log.info("Kafka connector {}: consuming {} partitions of {} as {}", name, owned.size(), topics, config.shard());
        return Set.copyOf(owned);
    }

    private void handle(ConsumerRecord<byte[], byte[]> record)
    {
        records.inc();
        MarketEvent event;
        try {
            event = EventCodec.decode(record.value());
        }
        catch (IllegalArgumentException e) {
            decodeErrors.inc();
            String where = record.topic() + "-" + record.partition() + "@" + record.offset();
            warnings.warn("Kafka connector " + name + " skipped a record that is not an event at " + where + ": " + e.getMessage());
            status(SourceStatus.Kind.DECODE_ERROR, where + ": " + e.getMessage());
            return;
        }
        if (!config.types().contains(event.type())) {
            return;
        }
        if (event.instrument() != null) {
            instruments.add(event.instrument());
        }
        sink.accept(event);
    }

    private long lag(Set<TopicPartition> assigned)
    {
        long total = 0;
        for (TopicPartition partition : assigned) {
            OptionalLong behind = consumer.currentLag(partition);
            if (behind.isPresent()) {
                total += behind.getAsLong();
            }
        }
        return total;
    }

    private void status(SourceStatus.Kind kind, String reason)
    {
        sink.accept(new SourceStatus(name, VENUE, MARKET, null, 0, clock.nowNanos(), kind, reason));
    }

    private void closeConsumer()
    {
        try {
            consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
        }
        catch (KafkaException e) {
            log.warn("Kafka connector {} failed to close its consumer cleanly: {}", name, e.toString());
        }
    }

    @Override
    public String toString()
    {
        return "kafka connector " + name + " (" + String.join(", ", topics) + ", " + config.shard() + ")";
    }
}
