package io.marketpipe.core.internal.bus;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.OverflowPolicy;
import io.marketpipe.testkit.fakes.CountingMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventBusTest
{
    private static final int CLOSE_ROUNDS = 50;
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");

    @Test
    void everyConsumerReceivesEveryEventInOrder()
    {
        EventBus bus = new EventBus(List.of(), 1024, OverflowPolicy.BLOCK, Metrics.NOOP);
        List<MarketEvent> first = Collections.synchronizedList(new ArrayList<>());
        List<MarketEvent> second = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("first", first::addAll, 16);
        bus.subscribe("second", second::addAll, 16);
        bus.start();
        List<MarketEvent> published = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            Trade trade = trade(i);
            published.add(trade);
            bus.accept(trade);
        }
        assertTrue(bus.close(10_000));
        assertEquals(published, first);
        assertEquals(published, second);
    }

    @Test
    void derivedEventsFollowTheirSourceAndReachLaterEnrichersOnly()
    {
        List<String> secondSaw = new ArrayList<>();
        EventBus.NamedEnricher doubler = new EventBus.NamedEnricher("first", (event, out) -> {
            if (event instanceof Trade trade) {
                out.accept(new IndicatorValue(trade.instrument(), 0, 0, "seen" + trade.tradeId(), null, 0, 1.0, Map.of()));
            }
        });
        EventBus.NamedEnricher observer = new EventBus.NamedEnricher("second", (event, out) -> secondSaw.add(event.type()));
        EventBus bus = new EventBus(List.of(doubler, observer), 1024, OverflowPolicy.BLOCK, Metrics.NOOP);
        List<MarketEvent> received = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("consumer", received::addAll, 16);
        bus.start();
        bus.accept(trade(1));
        bus.accept(trade(2));
        assertTrue(bus.close(10_000));

        assertEquals(List.of("trade", "indicator", "trade", "indicator"), received.stream().map(MarketEvent::type).toList());
        assertEquals("seen1", ((IndicatorValue) received.get(1)).name());
        assertEquals(List.of("trade", "indicator", "trade", "indicator"), secondSaw);
    }

    @Test
    void failingEnricherIsCountedAndTheEventStillFlows()
    {
        CountingMetrics metrics = new CountingMetrics();
        EventBus.NamedEnricher broken = new EventBus.NamedEnricher("broken", (event, out) -> {
            throw new IllegalStateException("boom");
        });
        EventBus bus = new EventBus(List.of(broken), 64, OverflowPolicy.BLOCK, metrics);
        List<MarketEvent> received = Collections.synchronizedList(new ArrayList<>());
        bus.subscribe("consumer", received::addAll, 16);
        bus.start();
        bus.accept(trade(7));
        assertTrue(bus.close(10_000));
        assertEquals(1, received.size());
        assertEquals(1, metrics.count("bus.enricher-failures"));
    }

    @Test
    void dropNewestCountsWhatAFullStageRejects()
            throws InterruptedException
    {
        CountingMetrics metrics = new CountingMetrics();
        List<MarketEvent> received = floodAStalledConsumer(OverflowPolicy.DROP_NEWEST, metrics);
        long dropped = metrics.count("bus.stage.slow.dropped");
        assertEquals(100 - 16, dropped);
        assertEquals(101 - dropped, received.size());
        assertEquals(List.of("0", "1", "2"), received.subList(0, 3).stream().map(e -> ((Trade) e).tradeId()).toList());
    }

    @Test
    void dropOldestKeepsTheFreshestEvents()
            throws InterruptedException
    {
        CountingMetrics metrics = new CountingMetrics();
        List<MarketEvent> received = floodAStalledConsumer(OverflowPolicy.DROP_OLDEST, metrics);
        assertEquals(100 - 16, metrics.count("bus.stage.slow.dropped"));
        assertEquals("100", ((Trade) received.get(received.size() - 1)).tradeId());
        assertEquals("85", ((Trade) received.get(1)).tradeId());
    }

    /**
     * Closes the bus again and again while several publishers are held back by a slow consumer
     * that comes after a fast one: each event must reach both or neither, and every event
     * published is either delivered or counted late.
     */
    @Test
    void closingWhilePublishersAreHeldBackGivesEveryConsumerTheSameEvents()
            throws InterruptedException
    {
        for (int round = 0; round < CLOSE_ROUNDS; round++) {
            CountingMetrics metrics = new CountingMetrics();
            EventBus bus = new EventBus(List.of(), 4, OverflowPolicy.BLOCK, metrics);
            Set<MarketEvent> fast = ConcurrentHashMap.newKeySet();
            Set<MarketEvent> slow = ConcurrentHashMap.newKeySet();
            bus.subscribe("fast", fast::addAll, 16, 1024, OverflowPolicy.BLOCK);
            bus.subscribe("slow", batch -> {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(20));
                slow.addAll(batch);
            }, 1, 2, OverflowPolicy.BLOCK);
            bus.start();
            AtomicInteger offered = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> publishers = new ArrayList<>();
            for (int p = 0; p < 3; p++) {
                int publisher = p;
                Thread thread = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        bus.accept(trade(publisher * 1_000_000 + i));
                        offered.incrementAndGet();
                    }
                });
                thread.setDaemon(true);
                thread.start();
                publishers.add(thread);
            }
            while (offered.get() < 40) {
                Thread.onSpinWait();
            }

            assertTrue(bus.close(10_000), "round " + round);
            stop.set(true);
            for (Thread publisher : publishers) {
                publisher.join(10_000);
                assertFalse(publisher.isAlive(), "round " + round + ": a publisher is still stuck in the closed bus");
            }

            assertEquals(List.of(), tradeIdsMissingFrom(slow, fast), "round " + round + ": received by the fast consumer only");
            assertEquals(List.of(), tradeIdsMissingFrom(fast, slow), "round " + round + ": received by the slow consumer only");
            assertEquals(metrics.count("bus.published"), fast.size(), "round " + round + ": every event accepted was delivered");
            assertEquals(offered.get(), metrics.count("bus.published") + metrics.count("bus.late"), "round " + round + ": every event offered was published or counted late");
        }
    }

    /**
     * Publishes trade 0, waits until a consumer named "slow" (stage capacity 16) is stuck on it,
     * publishes trades 1 to 100, then lets the consumer go and closes the bus.
     *
     * @return what the consumer received, in order
     */
    private static List<MarketEvent> floodAStalledConsumer(OverflowPolicy policy, CountingMetrics metrics)
            throws InterruptedException
    {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        List<MarketEvent> received = Collections.synchronizedList(new ArrayList<>());
        EventBus bus = new EventBus(List.of(), 16, policy, metrics);
        bus.subscribe("slow", batch -> {
            blocked.countDown();
            release.await();
            received.addAll(batch);
        }, 1);
        bus.start();
        bus.accept(trade(0));
        assertTrue(blocked.await(10, TimeUnit.SECONDS));
        for (int i = 1; i <= 100; i++) {
            bus.accept(trade(i));
        }
        release.countDown();
        assertTrue(bus.close(10_000));
        return received;
    }

    private static List<String> tradeIdsMissingFrom(Set<MarketEvent> consumer, Set<MarketEvent> other)
    {
        return other.stream().filter(event -> !consumer.contains(event)).map(event -> ((Trade) event).tradeId()).sorted().toList();
    }

    private static Trade trade(int id)
    {
        return new Trade(BTC, id, id, Integer.toString(id), Decimal.parse("100.5"), Decimal.ONE, Side.BUY, false);
    }
}
