package io.marketpipe.kafka;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.store.Store;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static java.util.Objects.requireNonNull;

/**
 * Publishes canonical events to Kafka, one topic per event type ({@link TopicPattern}), each record
 * keyed by its instrument ({@code venue:market:nativeSymbol}) so that the default partitioner keeps
 * an instrument's events in one partition and in order. Values are the JSON of {@link EventCodec}.
 *
 * <p>The producer is idempotent with {@code acks = all} unless configured otherwise: its retries
 * neither duplicate nor reorder records. A record Kafka finally refuses (the producer gave up after
 * {@code delivery.timeout.ms}, the topic does not exist, the record is too large) is counted in
 * {@code failed} and logged, never thrown: the pipeline goes on, and because a batch is never
 * handed back for a retry, nothing is published twice. Metrics: {@code published} (acknowledged),
 * {@code failed}, and the gauge {@code in-flight} (sent, not yet acknowledged).
 */
final class KafkaStore
        implements Store
{
    private static final Logger log = LoggerFactory.getLogger(KafkaStore.class);

    private final String name;
    private final KafkaStoreConfig config;
    private final Producer<byte[], byte[]> producer;
    private final Metrics.Counter published;
    private final Metrics.Counter failed;
    private final AtomicLong inFlight = new AtomicLong();
    private final ThrottledWarnings warnings = new ThrottledWarnings(log);
    private boolean closed;

    KafkaStore(String name, KafkaStoreConfig config, Producer<byte[], byte[]> producer, Metrics metrics)
    {
        this.name = requireNonNull(name, "name is null");
        this.config = requireNonNull(config, "config is null");
        this.producer = requireNonNull(producer, "producer is null");
        this.published = metrics.counter("published");
        this.failed = metrics.counter("failed");
        metrics.gauge("in-flight", inFlight::get);
    }

    /**
     * Hands the batch's events of the configured types to the producer, which sends them in the
     * background; {@link #flush()} waits for them.
     */
    @Override
    public void write(List<MarketEvent> batch)
            throws IOException
    {
        for (MarketEvent event : batch) {
            if (!config.types().contains(event.type())) {
                continue;
            }
            ProducerRecord<byte[], byte[]> record;
            try {
                record = new ProducerRecord<>(config.topics().topic(event.type()), key(event), EventCodec.encode(event));
            }
            catch (RuntimeException e) {
                failed.inc();
                warnings.warn("Kafka store " + name + " cannot encode a " + event.type() + " event: " + e);
                continue;
            }
            send(record);
        }
    }

    private void send(ProducerRecord<byte[], byte[]> record)
            throws InterruptedIOException
    {
        inFlight.incrementAndGet();
        try {
            producer.send(record, (metadata, exception) -> completed(record, metadata, exception));
        }
        catch (InterruptException e) {
            inFlight.decrementAndGet();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while publishing to " + record.topic());
        }
        catch (KafkaException | IllegalStateException e) {
            // the producer is closed or in a fatal state; the records after this one fail alike
            completed(record, null, e);
        }
    }

    private void completed(ProducerRecord<byte[], byte[]> record, RecordMetadata metadata, Exception exception)
    {
        inFlight.decrementAndGet();
        if (exception == null) {
            published.inc();
            return;
        }
        failed.inc();
        warnings.warn("Kafka store " + name + " failed to publish to " + record.topic() + ": " + exception);
    }

    private static byte[] key(MarketEvent event)
    {
        // a status about a whole connection has no instrument; it stays in order with its source's others
        String key = event.instrument() != null ? event.instrument().key() : ((SourceStatus) event).source();
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits until Kafka has acknowledged, or finally refused, every record sent so far.
     */
    @Override
    public void flush()
            throws IOException
    {
        try {
            producer.flush();
        }
        catch (InterruptException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing Kafka store " + name);
        }
    }

    /**
     * Sends what is buffered, waiting at most {@code close-timeout}, and closes the producer;
     * records still unacknowledged then are counted in {@code failed}.
     */
    @Override
    public synchronized void close()
    {
        if (closed) {
            return;
        }
        closed = true;
        try {
            producer.close(config.closeTimeout());
        }
        catch (InterruptException e) {
            Thread.currentThread().interrupt();
            log.warn("Kafka store {} interrupted while closing; {} records were not acknowledged", name, inFlight.get());
        }
    }

    @Override
    public String toString()
    {
        return "kafka store " + name + " (" + config.topics().pattern() + ")";
    }
}
