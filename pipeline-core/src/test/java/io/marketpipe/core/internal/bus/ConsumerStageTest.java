package io.marketpipe.core.internal.bus;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.OverflowPolicy;
import io.marketpipe.testkit.Await;
import io.marketpipe.testkit.fakes.CountingMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A consumer that stalls: under {@code BLOCK} it holds the producer back and loses nothing; a
 * shutdown waits for it within its timeout, then stops it and counts what was left.
 */
class ConsumerStageTest
{
    /** A stall close() has to wait out. */
    private static final Duration STALL = Duration.ofSeconds(2);
    /** A stall only the test (or an interrupt) ends. */
    private static final Duration UNTIL_RELEASED = Duration.ofMinutes(10);
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");
    private static final long WAIT_MILLIS = 30_000;

    private final CountingMetrics metrics = new CountingMetrics();
    private final List<MarketEvent> delivered = Collections.synchronizedList(new ArrayList<>());

    @ParameterizedTest(name = "idle poll {0} ms")
    @ValueSource(ints = {0, 2})
    void stalledConsumerHoldsTheProducerBackAndLosesNothing(int idlePollMillis)
            throws InterruptedException
    {
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ConsumerStage stage = new ConsumerStage("store-stalling", 16, OverflowPolicy.BLOCK, 4, Duration.ofMillis(idlePollMillis),
                stallingOnce(stalled, release, UNTIL_RELEASED), metrics);
        stage.start();
        AtomicInteger published = new AtomicInteger();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 200; i++) {
                stage.offer(trade(i));
                published.incrementAndGet();
            }
        });
        producer.start();

        Await.until("the stalled consumer's buffer is full", () -> stage.lag() == 16);
        Await.until("the producer waits for room", () -> producer.getState() == Thread.State.WAITING);
        assertTrue(published.get() < 200, "held back at " + published.get());
        assertTrue(stalled.await(WAIT_MILLIS, TimeUnit.MILLISECONDS), "the stall began");
        release.countDown();
        producer.join(WAIT_MILLIS);
        assertTrue(stage.close(WAIT_MILLIS));

        assertEquals(expected(200), delivered, "every event, once, in order");
        assertEquals(0, metrics.count("dropped"));
        assertEquals(0, metrics.count("lost"));
        assertEquals(200, metrics.count("delivered"));
    }

    @Test
    void closeWaitsForAStalledConsumerWithinItsTimeout()
    {
        AtomicBoolean finished = new AtomicBoolean();
        ConsumerStage.BatchHandler stalling = stallingOnce(new CountDownLatch(1), new CountDownLatch(1), STALL);
        ConsumerStage stage = new ConsumerStage("store-stalling", 64, OverflowPolicy.BLOCK, 8, new ConsumerStage.BatchHandler()
        {
            @Override
            public void handle(List<MarketEvent> batch)
                    throws Exception
            {
                stalling.handle(batch);
            }

            @Override
            public void finish()
            {
                finished.set(true);
            }
        }, metrics);
        stage.start();
        for (int i = 0; i < 50; i++) {
            stage.offer(trade(i));
        }

        assertTrue(stage.close(WAIT_MILLIS), "drained once the stall ended");

        assertEquals(expected(50), delivered);
        assertTrue(finished.get(), "the handler finished (a store flushes)");
        assertEquals(0, metrics.count("lost"));
    }

    @Test
    void closeThatTimesOutStopsTheStageAndCountsWhatIsLeft()
    {
        CountDownLatch handling = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        ConsumerStage stage = new ConsumerStage("store-stuck", 64, OverflowPolicy.BLOCK, 1, batch -> {
            handling.countDown();
            try {
                new CountDownLatch(1).await();
            }
            catch (InterruptedException e) {
                interrupted.set(true);
                throw e;
            }
        }, metrics);
        stage.start();
        for (int i = 0; i < 10; i++) {
            stage.offer(trade(i));
        }
        awaitLatch("the consumer is stuck on its first event", handling);

        assertFalse(stage.close(100), "the stuck consumer did not drain");

        assertTrue(interrupted.get(), "the stuck handler was interrupted");
        assertEquals(9, metrics.count("lost"), "the events still buffered are counted, not dropped silently");
        assertEquals(0, stage.lag());
        stage.offer(trade(10));
        assertEquals(1, metrics.count("dropped"), "a closed stage takes nothing more");
    }

    @ParameterizedTest(name = "idle poll {0} ms")
    @ValueSource(ints = {0, 2})
    void abortStopsAStalledStageAtOnce(int idlePollMillis)
    {
        CountDownLatch stalled = new CountDownLatch(1);
        ConsumerStage stage = new ConsumerStage("store-stalling", 64, OverflowPolicy.BLOCK, 4, Duration.ofMillis(idlePollMillis),
                stallingOnce(stalled, new CountDownLatch(1), UNTIL_RELEASED), metrics);
        for (int i = 0; i < 20; i++) {
            stage.offer(trade(i));
        }
        stage.start();
        awaitLatch("the consumer stalls on its first batch", stalled);

        assertTrue(stage.abort(), "the stage's thread ended");

        assertEquals(List.of(), delivered, "the stall was cut short");
        assertEquals(20 - 4, metrics.count("lost"));
    }

    @Test
    void aPollingStageDeliversEveryEventInOrderAndClosesFromItsIdleWait()
            throws InterruptedException
    {
        ConsumerStage stage = new ConsumerStage("listener-polling", 64, OverflowPolicy.BLOCK, 8, Duration.ofMillis(1), delivered::addAll, metrics);
        stage.start();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < 5_000; i++) {
                stage.offer(trade(i));
            }
        });
        producer.start();
        producer.join(WAIT_MILLIS);
        Await.until("the stage has delivered everything and is idle", () -> metrics.count("delivered") == 5_000);

        assertTrue(stage.close(WAIT_MILLIS), "the idle stage saw the end of the stream");
        assertEquals(expected(5_000), delivered, "every event, once, in order, through a buffer smaller than the stream");
        assertEquals(0, metrics.count("lost"));
    }

    @Test
    void aPollingStageStoppedWhileIdleEndsAtOnce()
    {
        ConsumerStage stage = new ConsumerStage("listener-polling", 64, OverflowPolicy.BLOCK, 8, Duration.ofSeconds(1), delivered::addAll, metrics);
        stage.start();

        assertTrue(stage.abort(), "its idle wait is cut short");
    }

    /**
     * A handler whose first batch stalls until the test releases it, for {@code longest} at most (or
     * until interrupted), before it is delivered.
     */
    private ConsumerStage.BatchHandler stallingOnce(CountDownLatch stalled, CountDownLatch release, Duration longest)
    {
        AtomicBoolean first = new AtomicBoolean(true);
        return batch -> {
            if (first.getAndSet(false)) {
                stalled.countDown();
                release.await(longest.toNanos(), TimeUnit.NANOSECONDS);
            }
            delivered.addAll(batch);
        };
    }

    private static void awaitLatch(String description, CountDownLatch latch)
    {
        try {
            assertTrue(latch.await(WAIT_MILLIS, TimeUnit.MILLISECONDS), "timed out waiting until " + description);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    private static List<MarketEvent> expected(int count)
    {
        List<MarketEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(trade(i));
        }
        return events;
    }

    private static Trade trade(int id)
    {
        return new Trade(BTC, 0, 0, Integer.toString(id), Decimal.parse("100"), Decimal.parse("1"), Side.BUY, false);
    }
}
