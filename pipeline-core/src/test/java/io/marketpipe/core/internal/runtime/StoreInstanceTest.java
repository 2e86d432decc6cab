package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoreInstanceTest
{
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");
    private static final List<MarketEvent> BATCH = List.of(trade(1), trade(2), trade(3));

    private final MetricRegistry registry = new MetricRegistry();

    @Test
    void unavailableStoreIsRetriedUntilItRecovers()
            throws InterruptedException
    {
        FlakyStore store = new FlakyStore(3);
        StoreInstance instance = new StoreInstance("flaky", "test", store, new DropwizardMetrics(registry, "store.flaky"));

        instance.handle(BATCH);

        assertEquals(BATCH, store.written);
        assertEquals(4, store.attempts.get());
        assertEquals(3, registry.counter("store.flaky.write-failures").getCount());
        assertEquals(3, registry.counter("store.flaky.written").getCount());
        assertEquals(0, registry.counter("store.flaky.lost").getCount());
    }

    @Test
    void batchTheStoreKeepsRejectingIsGivenUpAfterAFewAttempts()
            throws InterruptedException
    {
        Store rejecting = new Store()
        {
            @Override
            public void write(List<MarketEvent> batch)
            {
                throw new IllegalArgumentException("no column for type trade");
            }

            @Override
            public void close()
            {
            }
        };
        StoreInstance instance = new StoreInstance("rejecting", "test", rejecting, new DropwizardMetrics(registry, "store.rejecting"));

        instance.handle(BATCH);

        assertEquals(3, registry.counter("store.rejecting.write-failures").getCount());
        assertEquals(3, registry.counter("store.rejecting.lost").getCount(), "a defect must not hold the pipeline back for ever");
    }

    @Test
    void unavailableStoreIsRetriedUntilTheStageIsStopped()
            throws InterruptedException
    {
        FlakyStore store = new FlakyStore(Integer.MAX_VALUE);
        CountDownLatch threeAttempts = store.awaitAttempts(3);
        StoreInstance instance = new StoreInstance("down", "test", store, new DropwizardMetrics(registry, "store.down"));
        AtomicReference<Throwable> outcome = new AtomicReference<>();
        Thread stage = new Thread(() -> {
            try {
                instance.handle(BATCH);
                outcome.set(new AssertionError("the write returned"));
            }
            catch (InterruptedException e) {
                outcome.set(e);
            }
        });
        stage.start();
        assertTrue(threeAttempts.await(30, TimeUnit.SECONDS), "the store was not retried");

        stage.interrupt();
        stage.join(TimeUnit.SECONDS.toMillis(30));

        assertInstanceOf(InterruptedException.class, outcome.get());
        assertEquals(3, registry.counter("store.down.lost").getCount());
        assertTrue(registry.counter("store.down.write-failures").getCount() >= 3);
        assertEquals(List.of(), store.written);
    }

    private static Trade trade(int id)
    {
        return new Trade(BTC, 0, 0, Integer.toString(id), Decimal.parse("100"), Decimal.parse("1"), Side.BUY, false);
    }

    /**
     * A store whose first writes fail.
     */
    private static final class FlakyStore
            implements Store
    {
        private final int failures;
        private final AtomicInteger attempts = new AtomicInteger();
        private final List<MarketEvent> written = new ArrayList<>();
        private volatile CountDownLatch attemptsAwaited = new CountDownLatch(0);

        FlakyStore(int failures)
        {
            this.failures = failures;
        }

        /**
         * @return a latch that opens once this many more writes were attempted
         */
        CountDownLatch awaitAttempts(int count)
        {
            attemptsAwaited = new CountDownLatch(count);
            return attemptsAwaited;
        }

        @Override
        public void write(List<MarketEvent> batch)
                throws IOException
        {
            attemptsAwaited.countDown();
            if (attempts.incrementAndGet() <= failures) {
                throw new IOException("database is locked");
            }
            written.addAll(batch);
        }

        @Override
        public void close()
        {
        }
    }
}
