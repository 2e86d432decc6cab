package io.marketpipe.kafka;

import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.fakes.CountingMetrics;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays every recorded Binance session through the real runtime and Binance connector into the
 * Kafka store, and consumes the trades back with the Kafka connector: the same trades, each once.
 * The singles file holds unrelated messages, not a session, and is not replayed.
 */
@ExtendWith(KafkaBroker.class)
class BinanceCapturesThroughKafkaTest
{
    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> eachCapturesTradesComeBackFromKafkaOnce()
    {
        List<Path> captures = Captures.sessions("binance");
        return captures.stream().map(capture -> DynamicTest.dynamicTest(capture.getFileName().toString(), () -> {
            String topicPattern = "capture-" + captures.indexOf(capture) + ".{type}";
            KafkaBroker.createTopics(List.of(new TopicPattern(topicPattern).topic("trade")), 4);

            List<String> published = replay(capture, topicPattern);
            assertTrue(published.size() > 0, "the capture has trades");
            List<String> consumed = consume(topicPattern, published.size());
            System.out.printf("%s: %d trades through Kafka%n", capture.getFileName(), consumed.size());

            assertEquals(new HashSet<>(published), new HashSet<>(consumed), "the same trades");
            assertEquals(published.size(), consumed.size(), "each once");
        }));
    }

    /**
     * @return the trades the replay handed the store, by venue, market, symbol and trade id
     */
    private List<String> replay(Path capture, String topicPattern)
    {
        ConcurrentLinkedQueue<String> trades = new ConcurrentLinkedQueue<>();
        String config = """
                marketpipe {
                  metrics.log-interval = 0s
                  stores = [{ type = kafka, name = to-kafka, bootstrap-servers = "%s", topic-pattern = "%s", types = [trade] }]
                }
                """.formatted(KafkaBroker.bootstrapServers(), topicPattern);
        MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .replay(capture, "max")
                .config(config)
                .listener(event -> {
                    if (event instanceof Trade trade) {
                        trades.add(identity(trade));
                    }
                })
                .build();
        try (pipe) {
            pipe.start();
            pipe.replay();
        }
        assertEquals(trades.size(), pipe.count("store.to-kafka.published"), "acknowledged by the broker");
        return List.copyOf(trades);
    }

    private static List<String> consume(String topicPattern, int expected)
            throws InterruptedException
    {
        ConcurrentLinkedQueue<String> trades = new ConcurrentLinkedQueue<>();
        CountingMetrics metrics = new CountingMetrics();
        String settings = "bootstrap-servers = \"" + KafkaBroker.bootstrapServers() + "\"\ntopic-pattern = \"" + topicPattern + "\"\ntypes = [trade]\ngroup-id = captures";
        try (KafkaConnector connector = KafkaBlocks.connector("from-kafka", settings, event -> {
            if (event instanceof Trade trade) {
                trades.add(identity(trade));
            }
        }, metrics)) {
            connector.start();
            Await.until("every trade is consumed", KafkaBroker.TIMEOUT, () -> trades.size() >= expected && metrics.gauge("partitions") > 0 && metrics.gauge("lag") == 0,
                    () -> trades.size() + " of " + expected + " trades consumed");
        }
        return List.copyOf(trades);
    }

    private static String identity(Trade trade)
    {
        return trade.instrument().key() + " " + trade.tradeId();
    }
}
