package io.marketpipe.okx;

import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Subscriptions, the book sequence rules and the handling of OKX's control frames, against the
 * testkit's fake WebSockets.
 */
class OkxConnectorTest
{
    private static final String BOOK = "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"%s\",\"data\":[{\"asks\":[%s],\"bids\":[%s],"
            + "\"ts\":\"1700000000000\",\"checksum\":0,\"prevSeqId\":%d,\"seqId\":%d}]}";

    private final TestContext context = new TestContext();

    @Test
    void subscribesEveryChannelOfEveryInstrumentOnTheEndpointThatServesIt()
    {
        OkxConnector connector = context.connector("market = mixed, symbols = [BTC/USDT, \"BTC/USD:BTC\"], channels = [trades, book, candles, funding],"
                + " trade-channel = trades-all, load-instruments = false");

        connector.start();

        List<FakeWebSockets.FakeConnection> connections = context.webSockets.connections();
        assertEquals(List.of("wss://ws.okx.com:8443/ws/v5/public", "wss://ws.okx.com:8443/ws/v5/business"),
                connections.stream().map(FakeWebSockets.FakeConnection::url).collect(Collectors.toList()));
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"books\",\"instId\":\"BTC-USD-SWAP\"},{\"channel\":\"funding-rate\",\"instId\":\"BTC-USD-SWAP\"}]}"), connections.get(0).sent());
        assertEquals(List.of("{\"op\":\"subscribe\",\"args\":[{\"channel\":\"trades-all\",\"instId\":\"BTC-USDT\"},{\"channel\":\"candle1m\",\"instId\":\"BTC-USDT\"},"
                + "{\"channel\":\"trades-all\",\"instId\":\"BTC-USD-SWAP\"},{\"channel\":\"candle1m\",\"instId\":\"BTC-USD-SWAP\"}]}"), connections.get(1).sent());
    }

    @Test
    void keepAliveAndMaintenanceResetContinueTheSequenceChain()
    {
        FakeWebSockets.FakeConnection connection = bookAfterSnapshot(10);

        connection.push(book("update", "", "[\"99\",\"3\",\"0\",\"1\"]", 10, 11));
        // keep-alive: no levels, seqId == prevSeqId
        connection.push(book("update", "", "", 11, 11));
        // after maintenance the ids restart lower
        connection.push(book("update", "[\"102\",\"4\",\"0\",\"1\"]", "", 11, 3));
        connection.push(book("update", "[\"101\",\"0\",\"0\",\"0\"]", "", 3, 4));

        assertEquals(0, context.books.stats().gaps());
        assertEquals(1, context.books.stats().booksVerified());
        BookDepth last = context.depths().get(context.depths().size() - 1);
        assertEquals("102", last.asks().get(0).price().toString());
        assertEquals(List.of("100", "99"), last.bids().stream().map(level -> level.price().toString()).collect(Collectors.toList()));
        assertEquals(1, context.metrics.count("book.keep-alives"));
        assertEquals(1, context.metrics.count("book.sequence-resets"));
    }

    @Test
    void aBrokenSequenceResubscribesTheBookAndItsNextSnapshotVerifiesItAgain()
    {
        FakeWebSockets.FakeConnection connection = bookAfterSnapshot(10);

        // the update with seqId 11 was lost
        connection.push(book("update", "", "[\"99\",\"3\",\"0\",\"1\"]", 11, 12));
        connection.push(book("update", "", "[\"98\",\"3\",\"0\",\"1\"]", 12, 13));

        assertEquals(1, context.books.stats().gaps());
        assertEquals(0, context.books.stats().booksVerified());
        List<String> sent = connection.sent();
        assertEquals(List.of("{\"op\":\"unsubscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}",
                "{\"op\":\"subscribe\",\"args\":[{\"channel\":\"books\",\"instId\":\"BTC-USDT\"}]}"), sent.subList(1, sent.size()));
        assertEquals(1, context.metrics.count("book.resubscribes"));
        assertEquals(1, context.metrics.count("book.updates-awaiting-snapshot"), "the update after the gap waits for the snapshot");

        connection.push(book("snapshot", "[\"101\",\"1\",\"0\",\"1\"]", "[\"100\",\"2\",\"0\",\"1\"],[\"99\",\"3\",\"0\",\"1\"]", -1, 20));
        connection.push(book("update", "", "[\"98\",\"3\",\"0\",\"1\"]", 20, 21));

        assertEquals(1, context.books.stats().booksVerified());
        assertEquals(1, context.books.stats().resyncs());
        assertEquals(1, context.statuses(SourceStatus.Kind.RESYNC).size());
        assertEquals(1, context.metrics.count("book.resubscribes"));
    }

    @Test
    void aChecksumMismatchResubscribesTheBook()
    {
        FakeWebSockets.FakeConnection connection = started("symbols = [\"BTC/USD:BTC-220304-32000-P\"], market = option, channels = [book]");
        // recorded by OKX: its checksum verifies
        String snapshot = "{\"arg\":{\"channel\":\"books-l2-tbt\",\"instId\":\"BTC-USD-220304-32000-P\"},\"action\":\"snapshot\",\"data\":[{\"asks\":[[\"0.0005\",\"305\",\"0\",\"1\"],"
                + "[\"0.001\",\"550\",\"0\",\"2\"]],\"bids\":[],\"ts\":\"1646315100798\",\"checksum\":971343753}]}";
        connection.push(snapshot);
        assertEquals(1, context.books.stats().checksumsVerified());

        connection.push(snapshot.replace("\"550\"", "\"551\""));

        assertEquals(1, context.books.stats().checksumMismatches());
        assertEquals(1, context.metrics.count("book.resubscribes"));
        assertEquals(2, connection.sent().size() - 1, "unsubscribe and subscribe: " + connection.sent());
    }

    @Test
    void repeatedTradesAreEmittedOnceAndErrorsBecomeStatuses()
    {
        FakeWebSockets.FakeConnection connection = started("symbols = [BTC/USDT], channels = [trades]");
        String trade = "{\"arg\":{\"channel\":\"trades\",\"instId\":\"BTC-USDT\"},\"data\":[{\"instId\":\"BTC-USDT\",\"tradeId\":\"%d\",\"px\":\"43474.1\",\"sz\":\"0.0037\","
                + "\"side\":\"buy\",\"ts\":\"1646311839593\"}]}";

        connection.push(String.format(trade, 7));
        connection.push(String.format(trade, 9));
        connection.push(String.format(trade, 9));
        connection.push("pong");
        connection.push("{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request\",\"connId\":\"a4d3ae55\"}");

        assertEquals(List.of("7", "9"), context.events(Trade.class).stream().map(Trade::tradeId).collect(Collectors.toList()));
        assertEquals(1, context.metrics.count("trades.duplicates"));
        List<SourceStatus> rejected = context.statuses(SourceStatus.Kind.REJECTED);
        assertEquals(1, rejected.size());
        assertTrue(rejected.get(0).reason().contains("60012"), rejected.get(0).reason());
    }

    /**
     * @return the connection of a connector keeping the BTC-USDT book, after a snapshot (bid 100, ask 101) at the sequence id
     */
    private FakeWebSockets.FakeConnection bookAfterSnapshot(long seqId)
    {
        FakeWebSockets.FakeConnection connection = started("symbols = [BTC/USDT], channels = [book]");
        connection.push(book("snapshot", "[\"101\",\"1\",\"0\",\"1\"]", "[\"100\",\"2\",\"0\",\"1\"]", -1, seqId));
        return connection;
    }

    /**
     * @return the connection of a started connector with the settings, instrument definitions not loaded
     */
    private FakeWebSockets.FakeConnection started(String settings)
    {
        context.connector(settings + ", load-instruments = false").start();
        return context.webSockets.last();
    }

    private static String book(String action, String asks, String bids, long prevSeqId, long seqId)
    {
        return String.format(BOOK, action, asks, bids, prevSeqId, seqId);
    }
}
