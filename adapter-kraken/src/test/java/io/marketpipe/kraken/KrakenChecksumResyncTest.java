package io.marketpipe.kraken;

import io.marketpipe.api.book.BookView;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.RunningConnector;
import io.marketpipe.core.book.BookStats;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.venue.FakeVenue;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A v2 book update whose level was corrupted on the way no longer matches Kraken's checksum:
 * the connector counts the mismatch, subscribes to that book again, and the fresh snapshot
 * Kraken answers with makes the book verified again. Runs against a fake Kraken on loopback.
 */
class KrakenChecksumResyncTest
{
    private static final String INSTRUMENTS = "{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],"
            + "\"pairs\":[{\"symbol\":\"BTC/USD\",\"base\":\"BTC\",\"quote\":\"USD\",\"status\":\"online\",\"price_precision\":1,\"qty_precision\":8}]}}";

    @Test
    void corruptedLevelGivesMismatchResubscribeAndVerifiedBookAgain()
            throws Exception
    {
        String docsFrame = Files.readString(io.marketpipe.testkit.Captures.require("kraken/v2-docs-book-snapshot.json")).replaceAll("\\s+", "");
        BookSnapshot docs = KrakenChecksumTest.docsSnapshot();
        // Kraken's book after the update: the best bid's quantity becomes 0.3; the frame arrives saying 0.2
        List<PriceLevel> trueBids = new ArrayList<>(docs.bids());
        trueBids.set(0, new PriceLevel(trueBids.get(0).price(), Decimal.parse("0.30000000")));
        long trueChecksum = KrakenChecksum.atPrecision(1, 8).compute(docs.asks(), trueBids);
        String corruptedUpdate = "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":45283.5,\"qty\":0.20000000}],"
                + "\"asks\":[],\"checksum\":" + trueChecksum + ",\"timestamp\":\"2023-10-06T17:35:56.000000Z\"}]}";
        String freshSnapshot = snapshotFrame(trueBids, docs.asks(), trueChecksum);

        AtomicInteger bookSubscriptions = new AtomicInteger();
        try (FakeVenue venue = FakeVenue.builder()
                .frames(corruptedUpdate)
                .answerMessages(message -> {
                    if (message.contains("\"method\":\"subscribe\"") && message.contains("\"channel\":\"instrument\"")) {
                        return Optional.of(INSTRUMENTS);
                    }
                    if (message.contains("\"method\":\"subscribe\"") && message.contains("\"channel\":\"book\"")) {
                        return Optional.of(bookSubscriptions.incrementAndGet() == 1 ? docsFrame : freshSnapshot);
                    }
                    return Optional.empty();
                })
                .start()) {
            venue.pauseAfter(0);
            try (MarketPipe pipe = MarketPipe.builder()
                    .config(FakeVenue.PIPELINE_SETTINGS + "marketpipe.connectors = [{ type = kraken, name = kraken-fake, symbols = [\"BTC/USD\"], channels = [book], asset-pairs = false,"
                            + " ws-url = \"" + venue.wsUrl() + "\", rest-url = \"" + venue.restUrl() + "\" }]\nmarketpipe.metrics.log-interval = 0\n")
                    .build()) {
                pipe.start();
                RunningConnector connector = pipe.connectors().get(0);
                Await.until("the first snapshot is verified", () -> verified(connector.bookStats()), () -> connector.bookStats());

                venue.resume();
                Await.until("the mismatch was detected and the book verified again from a fresh snapshot",
                        () -> connector.bookStats().checksumMismatches() == 1 && connector.bookStats().resyncs() == 1 && verified(connector.bookStats()),
                        () -> connector.bookStats() + " " + venue.receivedMessages());

                List<String> resent = venue.receivedMessages().stream().filter(message -> message.contains("\"channel\":\"book\"")).collect(Collectors.toList());
                assertEquals(3, resent.size(), "subscribe, then unsubscribe and subscribe again: " + resent);
                assertTrue(resent.get(1).contains("\"method\":\"unsubscribe\""), resent.get(1));
                assertEquals(1, pipe.counts("").entrySet().stream()
                        .filter(entry -> entry.getKey().endsWith("book.resubscribes")).mapToLong(Map.Entry::getValue).sum());
                // the connector is idle now: nothing more to play or answer
                BookView book = connector.book(KrakenSymbols.parseConfigured("BTC/USD")).orElseThrow();
                assertEquals("0.3", book.topBids(1).get(0).size().toNormalizedString(), "the best bid of the fresh snapshot");
            }
        }
    }

    private static boolean verified(BookStats stats)
    {
        return stats.books() == 1 && stats.booksVerified() == 1;
    }

    private static String snapshotFrame(List<PriceLevel> bids, List<PriceLevel> asks, long checksum)
    {
        return "{\"channel\":\"book\",\"type\":\"snapshot\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":" + levels(bids) + ",\"asks\":" + levels(asks)
                + ",\"checksum\":" + checksum + ",\"timestamp\":\"2023-10-06T17:35:57.000000Z\"}]}";
    }

    private static String levels(List<PriceLevel> levels)
    {
        return levels.stream().map(level -> "{\"price\":" + level.price() + ",\"qty\":" + level.size() + "}").collect(Collectors.joining(",", "[", "]"));
    }
}
