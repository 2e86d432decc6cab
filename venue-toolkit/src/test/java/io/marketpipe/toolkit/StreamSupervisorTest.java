package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ReconnectPolicy;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.testkit.fakes.FakeWebSockets;
import io.marketpipe.testkit.fakes.TestConnectorContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The connection lifecycle every venue shares, driven through a protocol that records what it is
 * told and a manual scheduler.
 */
class StreamSupervisorTest
{
    private static final StreamShard SHARD = new StreamShard(0, "wss://venue.test/ws", List.of(), List.of("trades", "book"));

    private final TestConnectorContext context = new TestConnectorContext("venue-test");
    private final ReconnectPolicy policy = mock(ReconnectPolicy.class);
    private final RecordingProtocol protocol = new RecordingProtocol();
    private final VenueStatus status = VenueStatus.of(context, "venue", "spot");

    StreamSupervisorTest()
    {
        when(policy.tryAttempt()).thenReturn(Duration.ZERO);
        when(policy.backoff(anyInt())).thenReturn(Duration.ofMillis(500));
    }

    private StreamSupervisor supervisor(Duration staleAfter, Duration maxAge)
    {
        return new StreamSupervisor(context, status, policy, new StreamSettings(staleAfter, Duration.ZERO, maxAge, "before the venue's cut"), protocol);
    }

    /**
     * Starts a supervisor of one shard.
     *
     * @return the connection it opened
     */
    private FakeWebSockets.FakeConnection startOneShard(Duration staleAfter, Duration maxAge)
    {
        supervisor(staleAfter, maxAge).start(List.of(SHARD));
        return context.webSockets.last();
    }

    @Test
    void subscribesOnOpenAndHandsEveryFrameToTheProtocol()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ZERO, Duration.ZERO);

        connection.push("one");
        connection.push("two");

        assertEquals("wss://venue.test/ws", connection.url());
        assertEquals(List.of("subscribe trades", "subscribe book"), connection.sent());
        assertEquals(List.of("one", "two"), protocol.frames);
        assertEquals(1, context.statuses(SourceStatus.Kind.CONNECTED).size());
    }

    @Test
    void anAttemptSucceedsOnceAtItsFirstFrameAndItsLaterDropIsNoFailure()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ZERO, Duration.ZERO);

        connection.push("one");
        connection.push("two");
        connection.drop();

        verify(policy, times(1)).succeeded();
        verify(policy, never()).failed(anyString());
        assertEquals(List.of(SHARD), protocol.disconnected, "what was learned on the connection is no longer current");
    }

    @Test
    void aConnectionThatDropsBeforeDeliveringFailsItsAttemptAndIsReopenedAfterTheBackoff()
    {
        supervisor(Duration.ZERO, Duration.ZERO).start(List.of(SHARD));
        context.webSockets.last().drop();

        verify(policy, times(1)).failed(anyString());
        assertEquals(List.of(Duration.ofMillis(500).toNanos()), context.scheduler.pendingDelaysNanos());
        context.scheduler.runNext();

        assertEquals(2, context.webSockets.connections().size());
        assertEquals(List.of("subscribe trades", "subscribe book"), context.webSockets.last().sent());
        assertEquals(1, context.metrics.count("connections.reconnects"));
        assertTrue(context.statuses(SourceStatus.Kind.DISCONNECTED).get(0).reason().contains("reconnecting in 500 ms"));
    }

    @Test
    void aSilentConnectionIsProbedThenReplaced()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ofSeconds(2), Duration.ZERO);

        context.scheduler.runNext();
        assertEquals("ping", connection.sent().get(connection.sent().size() - 1), "silent for half of stale-after: probed");
        assertFalse(connection.closed());

        context.scheduler.runNext();
        assertTrue(connection.closed(), "silent for stale-after: dropped");
        assertEquals(1, context.metrics.count("connections.stale"));
        context.scheduler.runNext();
        assertEquals(2, context.webSockets.connections().size());
    }

    @Test
    void anAnsweredProbeKeepsTheConnection()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ofSeconds(2), Duration.ZERO);

        context.scheduler.runNext();
        connection.push("pong");
        context.scheduler.runNext();
        context.scheduler.runNext();

        assertFalse(connection.closed());
        assertEquals(1, context.webSockets.connections().size());
    }

    @Test
    void undecodableFramesAreCountedAndReportedAndTheConnectionGoesOn()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ZERO, Duration.ZERO);

        connection.push("bad: field 'p' missing");
        connection.push("fine");
        connection.push("throw");

        assertEquals(1, context.metrics.count("frames.invalid"));
        assertEquals(1, context.metrics.count("frames.failed"));
        assertEquals(3, context.metrics.count("frames.received"));
        assertTrue(context.statuses(SourceStatus.Kind.DECODE_ERROR).get(0).reason().startsWith("field 'p' missing (1 undecodable frame so far); frame: bad:"));
        assertFalse(connection.closed());
        assertEquals(List.of("fine"), protocol.frames);
    }

    @Test
    void aConnectionIsReplacedAtItsMaximumAgeAndFramesOfTheOldOneAreIgnored()
    {
        FakeWebSockets.FakeConnection old = startOneShard(Duration.ZERO, Duration.ofHours(23));
        old.push("old");

        assertEquals(Duration.ofHours(23).toNanos(), context.scheduler.runNext());
        old.push("late");
        context.webSockets.last().push("new");

        assertTrue(old.closed());
        assertEquals(List.of("old", "new"), protocol.frames);
        assertTrue(context.statuses(SourceStatus.Kind.RECONNECTING).get(0).reason().contains("before the venue's cut"));
    }

    @Test
    void theProtocolCanResubscribeAndReplaceThroughTheConnectionHandle()
    {
        FakeWebSockets.FakeConnection connection = startOneShard(Duration.ZERO, Duration.ZERO);

        connection.push("resubscribe book");
        assertEquals(List.of("unsubscribe book", "subscribe book"), connection.sent().subList(2, 4));
        connection.push("replace");

        assertTrue(connection.closed());
        assertEquals(2, context.webSockets.connections().size());
        assertEquals(1, context.metrics.count("streams.resubscribed"));
    }

    @Test
    void closeClosesEveryConnectionAndNothingReopens()
    {
        StreamSupervisor supervisor = supervisor(Duration.ofSeconds(2), Duration.ZERO);
        supervisor.start(List.of(SHARD, new StreamShard(1, "wss://venue.test/ws2", List.of(), List.of("ticker"))));

        supervisor.close();
        supervisor.close();

        assertTrue(context.webSockets.connections().stream().allMatch(FakeWebSockets.FakeConnection::closed));
        assertEquals(2, context.statuses(SourceStatus.Kind.DISCONNECTED).size());
        while (!context.scheduler.pendingDelaysNanos().isEmpty()) {
            context.scheduler.runNext();
        }
        assertEquals(2, context.webSockets.connections().size());
    }

    private static final class RecordingProtocol
            implements StreamProtocol
    {
        private final List<String> frames = new ArrayList<>();
        private final List<StreamShard> disconnected = new ArrayList<>();

        @Override
        public List<String> subscribe(StreamShard shard)
        {
            return shard.streams().stream().map(stream -> "subscribe " + stream).toList();
        }

        @Override
        public List<String> resubscribe(StreamShard shard, List<String> streams)
        {
            List<String> messages = new ArrayList<>();
            streams.forEach(stream -> messages.add("unsubscribe " + stream));
            streams.forEach(stream -> messages.add("subscribe " + stream));
            return messages;
        }

        @Override
        public String probe()
        {
            return "ping";
        }

        @Override
        public void frame(StreamConnection connection, String text, long receivedNanos)
                throws DecodeException
        {
            if (text.startsWith("bad: ")) {
                throw new DecodeException(text.substring("bad: ".length()));
            }
            if (text.equals("throw")) {
                throw new IllegalStateException("a handler bug");
            }
            if (text.startsWith("resubscribe ")) {
                connection.resubscribe(List.of(text.substring("resubscribe ".length())), "checksum mismatch");
                return;
            }
            if (text.equals("replace")) {
                connection.replace("the venue announced a shutdown");
                return;
            }
            if (!text.equals("pong")) {
                frames.add(text);
            }
        }

        @Override
        public void disconnected(StreamShard shard, String reason)
        {
            disconnected.add(shard);
        }
    }
}
