package io.marketpipe.binance;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.venue.FakeVenue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Records a live session against a fake Binance venue on loopback, then replays the recording
 * through the same connector: the replay must reproduce what the live session saw.
 */
class BinanceRecordReplayTest
{
    private static final int TRADES = 2_000;

    @TempDir
    Path temp;

    @Test
    void replayOfARecordedSessionReproducesItsTradesAndBooks()
            throws IOException
    {
        Path capture = Captures.require("binance/spot-btcusdt-20240808.jsonl.gz");
        Path recording = temp.resolve("session.jsonl.gz");
        List<MarketEvent> live = Collections.synchronizedList(new ArrayList<>());
        try (FakeVenue venue = FakeVenue.fromCapture(capture).start();
                MarketPipe pipe = MarketPipe.builder()
                        .pluginsDirectory(temp.resolve("plugins"))
                        .config("""
                                marketpipe.metrics.log-interval = 0
                                marketpipe.connectors = [{ type = binance, market = spot, symbols = [BTC/USDT], exchange-info = false,
                                  ws-url = "%s", rest-url = "%s" }]
                                """.formatted(venue.wsUrl(), venue.restUrl()) + FakeVenue.PIPELINE_SETTINGS)
                        .record(recording)
                        .listener(live::add)
                        .build()) {
            pipe.start();
            Await.until("the live session to see " + TRADES + " trades and a verified book",
                    () -> trades(live).size() >= TRADES && !depths(live).isEmpty());
        }

        assertRecordingHoldsTheSession(recording);

        List<MarketEvent> replayed = Collections.synchronizedList(new ArrayList<>());
        ReplaySummary summary;
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("plugins")).replay(recording, "max").listener(replayed::add).build()) {
            pipe.start();
            summary = pipe.replay();
        }

        assertEquals(0, summary.gaps(), summary.toJson());
        assertEquals(0, summary.crossed(), summary.toJson());
        assertEquals(1, summary.booksVerified(), summary.toJson());
        // the recording may hold a frame or two the live connector had no time to handle before it closed
        List<String> liveIds = trades(live).stream().map(Trade::tradeId).collect(Collectors.toList());
        List<String> replayedIds = trades(replayed).stream().map(Trade::tradeId).collect(Collectors.toList());
        assertTrue(replayedIds.size() >= liveIds.size(), "replay saw " + replayedIds.size() + " trades, live " + liveIds.size());
        assertEquals(liveIds, replayedIds.subList(0, liveIds.size()), "every live trade, in order");
        List<BookDepth> liveBooks = depths(live);
        List<BookDepth> replayedBooks = depths(replayed);
        assertTrue(replayedBooks.size() >= liveBooks.size(), "replay saw " + replayedBooks.size() + " books, live " + liveBooks.size());
        for (int i = 0; i < liveBooks.size(); i++) {
            BookDepth liveBook = liveBooks.get(i);
            BookDepth replayedBook = replayedBooks.get(i);
            assertEquals(liveBook.seq(), replayedBook.seq(), "book " + i);
            assertEquals(liveBook.bids(), replayedBook.bids(), "book " + i + " at seq " + liveBook.seq());
            assertEquals(liveBook.asks(), replayedBook.asks(), "book " + i + " at seq " + liveBook.seq());
        }
    }

    private static void assertRecordingHoldsTheSession(Path recording)
            throws IOException
    {
        int opens = 0;
        int received = 0;
        int rest = 0;
        try (CaptureReader reader = CaptureReader.open(recording)) {
            assertEquals("binance", reader.header().exchange());
            for (CaptureLine line = reader.next(); line != null; line = reader.next()) {
                switch (line.kind()) {
                    case OPEN -> opens++;
                    case RECV -> received++;
                    case REST -> rest++;
                    default -> {
                    }
                }
            }
        }
        assertTrue(opens >= 1, "no open recorded");
        assertTrue(received >= TRADES, "only " + received + " frames recorded");
        assertTrue(rest >= 1, "the depth snapshot was not recorded");
    }

    private static List<Trade> trades(List<MarketEvent> events)
    {
        synchronized (events) {
            return events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).collect(Collectors.toList());
        }
    }

    private static List<BookDepth> depths(List<MarketEvent> events)
    {
        synchronized (events) {
            return events.stream().filter(BookDepth.class::isInstance).map(BookDepth.class::cast).collect(Collectors.toList());
        }
    }
}
