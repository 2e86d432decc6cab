package io.marketpipe.core.internal.indicator;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.api.connector.HistoricalCandles;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.internal.config.TypesafePluginConfig;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IndicatorWarmUpTest
{
    private static final Instrument ABC = Instrument.spot("test", "ABCUSD", "ABC", "USD");
    private static final CandleInterval ONE_MINUTE = CandleInterval.parse("1m");
    // 2024-08-09T00:00:00Z
    private static final long T0 = 1_723_161_600_000L;
    // ten seconds into the candle that opens at T0 + 30 m
    private static final long NOW_MILLIS = T0 + 30 * 60_000L + 10_000L;
    private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf");

    private final MetricRegistry registry = new MetricRegistry();
    private final IndicatorWarmUp warmUp = new IndicatorWarmUp(() -> NOW_MILLIS * 1_000_000L, new DropwizardMetrics(registry, ""));
    private final FakeHistory history = new FakeHistory();
    private final List<MarketEvent> passed = new ArrayList<>();

    @Test
    void emaStartsFromVenueHistoryAtTheFirstLiveCandle()
    {
        Enricher ema = enricher("type = ema, period = 3, interval = 1m");
        EventSink sink = warmUp.sink("venue-a", () -> connector(history), passed::add);
        Trade trade = trade();
        sink.accept(trade);
        sink.accept(trade());
        assertEquals(List.of(new Request(ABC, ONE_MINUTE, T0 + 30 * 60_000L, 12)), history.requests, "auto: 4 periods, asked once per instrument");
        assertEquals(trade, passed.get(0));

        List<Candle> past = candles(0, 30, CandleSource.VENUE);
        history.answers.get(0).complete(past);
        Candle live = candle(30, CandleSource.BUILT);
        List<IndicatorValue> values = run(ema, live);

        assertEquals(1, values.size(), "a value from the first live candle");
        List<Candle> series = Stream.concat(past.subList(18, 30).stream(), Stream.of(live)).toList();
        assertEquals(BatchIndicators.ema(series, 3).get(live.openTimeMillis()).value(), values.get(0).value(), 1e-9);
        assertEquals(12, registry.counter("enricher.test.warm-up.candles").getCount());
        assertEquals(1, registry.counter("warm-up.requests").getCount());
    }

    @Test
    void historyArrivingAfterTheFirstCandleIsDropped()
    {
        Enricher sma = enricher("type = sma, period = 3, interval = 1m");
        warmUp.sink("venue-a", () -> connector(history), passed::add).accept(trade());
        assertEquals(List.of(), run(sma, candle(30, CandleSource.BUILT)));

        history.answers.get(0).complete(candles(0, 30, CandleSource.VENUE));
        assertEquals(List.of(), run(sma, candle(31, CandleSource.BUILT)), "still two candles short");
        assertEquals(1, registry.counter("enricher.test.warm-up.late").getCount());
        assertEquals(1, run(sma, candle(32, CandleSource.BUILT)).size());
    }

    @Test
    void failedHistoryIsCountedAndTheIndicatorStartsCold()
    {
        Enricher sma = enricher("type = sma, period = 3, interval = 1m");
        warmUp.sink("venue-a", () -> connector(history), passed::add).accept(trade());
        history.answers.get(0).completeExceptionally(new IllegalStateException("HTTP 503"));
        assertEquals(1, registry.counter("warm-up.failures").getCount());
        assertEquals(List.of(), run(sma, candle(30, CandleSource.BUILT)));
    }

    @Test
    void autoTakesWhatEachIndicatorNeedsAndANumberTakesThatMany()
    {
        assertEquals(140, requestedLimit("type = rsi, period = 14, interval = 1m"));
        assertEquals(4 * 26 + 9, requestedLimit("type = macd, interval = 1m"));
        assertEquals(1000, requestedLimit("type = vwap, interval = 1m"), "a day of minutes, capped");
        assertEquals(24, requestedLimit("type = vwap, interval = 1h"));
        assertEquals(50, requestedLimit("type = ema, period = 200, interval = 1m, warm-up = 50"));
    }

    @Test
    void withoutWarmUpOrHistoryNothingIsAsked()
    {
        enricher("type = ema, period = 3, interval = 1m, warm-up = 0");
        EventSink downstream = passed::add;
        assertSame(downstream, warmUp.sink("venue-a", () -> connector(history), downstream));

        IndicatorWarmUp other = new IndicatorWarmUp(() -> NOW_MILLIS * 1_000_000L, new DropwizardMetrics(registry, "other"));
        create(other, "type = ema, period = 3, interval = 1m");
        other.sink("venue-a", () -> connector(null), passed::add).accept(trade());
        assertEquals(1, passed.size());
        assertEquals(0, registry.counter("other.warm-up.requests").getCount());
    }

    @Test
    void warmUpSettingNamesItsPath()
    {
        ConfigurationException negative = assertThrows(ConfigurationException.class, () -> enricher("type = ema, interval = 1m, warm-up = -1"));
        assertEquals("marketpipe.enrichers[0].warm-up", negative.path());
        ConfigurationException word = assertThrows(ConfigurationException.class, () -> enricher("type = ema, interval = 1m, warm-up = soon"));
        assertTrue(word.getMessage().contains("expected auto or a number of candles"), word.getMessage());
    }

    private int requestedLimit(String block)
    {
        IndicatorWarmUp fresh = new IndicatorWarmUp(() -> NOW_MILLIS * 1_000_000L, new DropwizardMetrics(new MetricRegistry(), ""));
        create(fresh, block);
        FakeHistory recorded = new FakeHistory();
        fresh.sink("venue-a", () -> connector(recorded), passed::add).accept(trade());
        assertEquals(1, recorded.requests.size(), block);
        return recorded.requests.get(0).limit();
    }

    private Enricher enricher(String block)
    {
        return create(warmUp, block);
    }

    private Enricher create(IndicatorWarmUp target, String block)
    {
        Config config = ConfigFactory.parseString(block);
        String type = config.getString("type");
        PluginConfig pluginConfig = TypesafePluginConfig.create("marketpipe.enrichers[0]", config, REFERENCE.getConfig("marketpipe.defaults.enricher." + type), Set.of("type", "name"));
        EnricherFactory factory = BuiltinIndicators.factories().stream().filter(each -> each.type().equals(type)).findFirst().orElseThrow();
        return factory.create(pluginConfig, target.context("test", new DropwizardMetrics(registry, "enricher.test")));
    }

    private static List<IndicatorValue> run(Enricher enricher, Candle candle)
    {
        List<IndicatorValue> values = new ArrayList<>();
        enricher.onEvent(candle, out -> values.add((IndicatorValue) out));
        return values;
    }

    private static Trade trade()
    {
        long nanos = NOW_MILLIS * 1_000_000L;
        return new Trade(ABC, nanos, nanos, Long.toString(nanos), Decimal.parse("100"), Decimal.ONE, Side.BUY, false);
    }

    private static List<Candle> candles(int from, int to, CandleSource source)
    {
        List<Candle> candles = new ArrayList<>();
        for (int minute = from; minute < to; minute++) {
            candles.add(candle(minute, source));
        }
        return candles;
    }

    private static Candle candle(int minute, CandleSource source)
    {
        long start = T0 + minute * 60_000L;
        Decimal close = Decimal.parse(Integer.toString(100 + (minute * 7) % 13));
        Decimal open = Decimal.parse("100");
        return new Candle(ABC, start * 1_000_000L, (start + 60_000L) * 1_000_000L, ONE_MINUTE, start, open, open.max(close).add(Decimal.ONE),
                open.min(close).subtract(Decimal.ONE), close, Decimal.ONE, null, -1, null, null, null, source, true, 0);
    }

    private static Connector connector(HistoricalCandles history)
    {
        return new Connector()
        {
            @Override
            public void start()
            {
            }

            @Override
            public List<Instrument> instruments()
            {
                return List.of(ABC);
            }

            @Override
            public Optional<HistoricalCandles> candleHistory()
            {
                return Optional.ofNullable(history);
            }

            @Override
            public void close()
            {
            }
        };
    }

    private record Request(Instrument instrument, CandleInterval interval, long endMillis, int limit) {}

    /**
     * Candle history answered by the test, recording what was asked.
     */
    private static final class FakeHistory
            implements HistoricalCandles
    {
        private final List<Request> requests = new ArrayList<>();
        private final List<CompletableFuture<List<Candle>>> answers = new ArrayList<>();

        @Override
        public CompletableFuture<List<Candle>> candles(Instrument instrument, CandleInterval interval, long endMillis, int limit)
        {
            requests.add(new Request(instrument, interval, endMillis, limit));
            CompletableFuture<List<Candle>> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }
    }
}
