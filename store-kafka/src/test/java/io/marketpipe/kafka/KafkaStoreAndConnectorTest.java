package io.marketpipe.kafka;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.fakes.CountingMetrics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import static io.marketpipe.kafka.MarketEvents.BINANCE_BTC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The store and the connector with small contexts of their own, against a real broker: failures
 * are counted and the pipeline goes on, offsets survive a restart, topics may come later.
 */
@ExtendWith(KafkaBroker.class)
class KafkaStoreAndConnectorTest
{
    @Test
    void aRecordKafkaRefusesIsCountedAndTheOthersArePublished()
            throws Exception
    {
        KafkaBroker.createTopics(List.of("refused.trade", "refused.book"), 1);
        List<PriceLevel> deepBook = IntStream.range(0, 200).mapToObj(i -> new PriceLevel(Decimal.of(6_000_000 - i, 2), Decimal.ONE)).toList();
        List<MarketEvent> trades = trades(1, 3);
        List<MarketEvent> batch = List.of(trades.get(0), new BookDepth(BINANCE_BTC, 1, 2, 7, deepBook, List.of(), true), trades.get(1), trades.get(2));

        CountingMetrics metrics = new CountingMetrics();
        try (KafkaStore store = KafkaBlocks.store("small-records", settings("refused.{type}") + "producer { max.request.size = 2000 }", metrics)) {
            store.write(batch);
            store.flush();
        }
        assertEquals(1, metrics.count("failed"));
        assertEquals(3, metrics.count("published"));
        assertEquals(0, metrics.gauge("in-flight"));

        assertEquals(trades, consume("refused.{type}", "refused", 3));
    }

    @Test
    void aRecordThatIsNotAnEventIsReportedAndSkipped()
            throws Exception
    {
        KafkaBroker.createTopics(List.of("garbled.trade"), 1);
        Trade trade = (Trade) trades(1, 1).get(0);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>("garbled.trade", "{\"type\":\"trade\",".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>("garbled.trade", EventCodec.encode(trade)));
        }

        CountingMetrics metrics = new CountingMetrics();
        List<MarketEvent> received = consume("garbled.{type}", "types = [trade]", "garbled", 2, metrics);

        SourceStatus error = (SourceStatus) received.get(0);
        assertEquals(SourceStatus.Kind.DECODE_ERROR, error.kind());
        assertEquals("garbled", error.source());
        assertTrue(error.reason().startsWith("garbled.trade-0@0: not a JSON object"), error.reason());
        assertEquals(trade, received.get(1));
        assertEquals(1, metrics.count("decode-errors"));
        assertEquals(2, metrics.count("records"));
    }

    @Test
    void eventsOfTypesNotConsumedAreLeftOutOfASharedTopic()
            throws Exception
    {
        KafkaBroker.createTopics(List.of("shared-topic"), 2);
        List<MarketEvent> events = new ArrayList<>(MarketEvents.everyType());
        try (KafkaStore store = KafkaBlocks.store("everything", settings("shared-topic") + "types = [trade, book, quote, ticker, candle, funding, indicator, status, book_snapshot, book_delta]",
                new CountingMetrics())) {
            store.write(events);
        }
        List<MarketEvent> trades = events.stream().filter(event -> event instanceof Trade).toList();

        List<MarketEvent> received = consume("shared-topic", "types = [trade]", "trades-only", trades.size(), new CountingMetrics());

        assertEquals(Set.copyOf(trades), Set.copyOf(received));
    }

    @Test
    void aRestartedConnectorGoesOnWhereTheLastRunStopped()
            throws Exception
    {
        KafkaBroker.createTopics(List.of("restart.trade"), 1);
        List<MarketEvent> trades = trades(1, 20);
        try (KafkaStore store = KafkaBlocks.store("restart", settings("restart.{type}"), new CountingMetrics())) {
            store.write(trades.subList(0, 10));
            store.flush();
            assertEquals(trades.subList(0, 10), consume("restart.{type}", "restart", 10));
            store.write(trades.subList(10, 20));
        }

        assertEquals(trades.subList(10, 20), consume("restart.{type}", "restart", 10), "the first ten were committed by the first run");
    }

    @Test
    void aConnectorStartedBeforeItsTopicsExistPicksThemUp()
            throws Exception
    {
        ConcurrentLinkedQueue<MarketEvent> received = new ConcurrentLinkedQueue<>();
        CountingMetrics metrics = new CountingMetrics();
        try (KafkaConnector connector = KafkaBlocks.connector("early", settings("late.{type}") + "types = [trade]\ngroup-id = early\npartition-refresh = 200ms", received::add, metrics)) {
            connector.start();
            KafkaBroker.createTopics(List.of("late.trade"), 3);
            List<MarketEvent> trades = trades(1, 5);
            try (KafkaStore store = KafkaBlocks.store("late", settings("late.{type}"), new CountingMetrics())) {
                store.write(trades);
            }
            Await.until("the connector relays its first events", KafkaBroker.TIMEOUT, () -> received.size() >= 6, () -> received.size() + " events received");
            assertEquals(SourceStatus.Kind.CONNECTED, ((SourceStatus) received.peek()).kind());
            assertEquals(trades, received.stream().skip(1).toList());
            assertEquals(3, metrics.gauge("partitions"));
            assertEquals(List.of(BINANCE_BTC), connector.instruments());
        }
    }

    private static String settings(String topicPattern)
    {
        return "bootstrap-servers = \"" + KafkaBroker.bootstrapServers() + "\"\ntopic-pattern = \"" + topicPattern + "\"\n";
    }

    /**
     * @return trades {@code first..last} of one instrument, in id order
     */
    private static List<MarketEvent> trades(int first, int last)
    {
        return IntStream.rangeClosed(first, last).<MarketEvent>mapToObj(id -> new Trade(BINANCE_BTC, id * 1_000_000_000L, id * 1_000_000_000L + 5,
                Integer.toString(id), Decimal.of(6_180_000 + id, 2), Decimal.parse("0.5"), Side.BUY, false)).toList();
    }

    private static List<MarketEvent> consume(String topicPattern, String group, int expected)
            throws InterruptedException
    {
        return consume(topicPattern, "types = [trade]", group, expected, new CountingMetrics());
    }

    /**
     * Consumes with a connector of its own until {@code expected} events have arrived and its
     * partitions are consumed to the end.
     *
     * @return what the connector published, without its {@code connected} status
     */
    private static List<MarketEvent> consume(String topicPattern, String settings, String group, int expected, CountingMetrics metrics)
            throws InterruptedException
    {
        ConcurrentLinkedQueue<MarketEvent> received = new ConcurrentLinkedQueue<>();
        try (KafkaConnector connector = KafkaBlocks.connector(group, settings(topicPattern) + settings + "\ngroup-id = " + group,
                event -> {
                    if (!(event instanceof SourceStatus status && status.kind() == SourceStatus.Kind.CONNECTED)) {
                        received.add(event);
                    }
                }, metrics)) {
            connector.start();
            Await.until("every event is consumed", KafkaBroker.TIMEOUT, () -> received.size() >= expected && metrics.gauge("partitions") > 0 && metrics.gauge("lag") == 0,
                    () -> received.size() + " of " + expected + " events received");
        }
        return List.copyOf(received);
    }
}
