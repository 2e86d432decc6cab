package io.marketpipe.core;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketPipeTest
{
    @TempDir
    Path temp;

    @Test
    void replayRunsTheCapturedVenueThroughBooksToListeners()
            throws IOException
    {
        Path capture = capture(
                "T,1,100.50,0.25,buy",
                "S,10,100.40,1.0,100.60,2.0",
                "D,10,11,bid,100.45,3.5",
                "T,2,100.60,0.10,sell",
                "D,11,12,ask,100.60,0");
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        ReplaySummary summary;
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            summary = pipe.replay();
        }

        assertEquals(5, summary.frames());
        assertEquals(0, summary.gaps());
        assertEquals(1, summary.booksVerified());
        List<Trade> trades = events.stream().filter(Trade.class::isInstance).map(Trade.class::cast).toList();
        assertEquals(List.of("1", "2"), trades.stream().map(Trade::tradeId).toList());
        assertEquals("ABC/USD", trades.get(0).instrument().symbol());
        List<BookDepth> books = events.stream().filter(BookDepth.class::isInstance).map(BookDepth.class::cast).toList();
        assertEquals(3, books.size());
        BookDepth last = books.get(2);
        assertEquals(12, last.seq());
        assertEquals("100.45", last.bestBid().price().toString());
        assertTrue(last.asks().isEmpty());
        assertEquals(2L, summary.events().get("trade"));
    }

    @Test
    void sequenceGapIsCountedInTheSummary()
            throws IOException
    {
        Path capture = capture("S,10,100.40,1.0,100.60,2.0", "D,10,11,bid,100.45,3.5", "D,12,13,bid,100.44,1");
        ReplaySummary summary;
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).replay(capture, "max").build()) {
            pipe.start();
            summary = pipe.replay();
        }
        assertEquals(1, summary.gaps());
        assertEquals(0, summary.booksVerified());
    }

    @Test
    void invalidEventsNeverReachStoresOrListeners()
            throws IOException
    {
        Path capture = capture("T,1,100.50,0.25,buy", "T,2,-3.00,0.10,sell", "T,3,100.40,-1,buy", "T,4,100.60,0.10,sell", "T,4,100.60,0.10,sell");
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<Trade> stored;
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.stores = [{ type = memory }]")
                .replay(capture, "max")
                .listener(events::add)
                .build()) {
            pipe.start();
            pipe.replay();
            stored = pipe.queries().orElseThrow().trades(new StoreQuery("testvenue", "ABC/USD", null, 0, Long.MAX_VALUE, 100));
        }

        assertEquals(List.of("1", "4"), stored.stream().map(Trade::tradeId).toList());
        assertEquals(List.of("1", "4"), events.stream().filter(Trade.class::isInstance).map(e -> ((Trade) e).tradeId()).toList());
        List<String> rejected = events.stream()
                .filter(e -> e instanceof SourceStatus status && status.kind() == SourceStatus.Kind.REJECTED)
                .map(e -> ((SourceStatus) e).reason())
                .toList();
        assertEquals(3, rejected.size(), rejected.toString());
    }

    @Test
    void unknownConnectorTypeNamesThePathAndSuggests()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.connectors = [{ type = testvenu, symbols = [ABCUSD] }]")
                .build());
        assertEquals("marketpipe.connectors[0].type", e.path());
        assertTrue(e.getMessage().contains("did you mean testvenue?"), e.getMessage());
    }

    @Test
    void unknownConnectorKeyNamesThePath()
    {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.connectors = [{ type = testvenue, symbls = [ABCUSD] }]")
                .build());
        assertTrue(e.getMessage().contains("marketpipe.connectors[0].symbls"), e.getMessage());
        assertTrue(e.getMessage().contains("symbols"), e.getMessage());
    }

    private Path capture(String... frames)
            throws IOException
    {
        Path file = temp.resolve("testvenue.jsonl.gz");
        try (CaptureWriter writer = CaptureWriter.create(file, new CaptureHeader("testvenue", "spot", List.of("ABCUSD"), null, null, null, null))) {
            writer.write(CaptureLine.open(1_000, 1, "wss://testvenue.invalid/ws"));
            long ts = 1_000;
            for (String frame : frames) {
                ts += 1_000_000;
                writer.write(CaptureLine.recv(ts, 1, frame));
            }
        }
        return file;
    }
}
