package io.marketpipe.core.internal.indicator;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.enricher.EnricherContext;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.internal.candle.CandleBuilder;
import io.marketpipe.core.internal.candle.CandleHistory;
import io.marketpipe.core.internal.candle.CandleSettings;
import io.marketpipe.core.internal.candle.RecordedTrades;
import io.marketpipe.core.internal.config.TypesafePluginConfig;
import io.marketpipe.core.internal.indicator.BatchIndicators.Expected;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BuiltinIndicatorsTest
{
    private static final Instrument ABC = Instrument.spot("test", "ABCUSD", "ABC", "USD");
    private static final CandleInterval ONE_HOUR = CandleInterval.parse("1h");
    // 2024-08-09T00:00:00Z
    private static final long T0 = 1_723_161_600_000L;
    private static final Config REFERENCE = ConfigFactory.parseResources("reference.conf");

    /**
     * One indicator configuration and its batch computation.
     *
     * @param venue whether it reads venue candles (which carry no quote volume)
     */
    record Spec(String block, boolean venue, Function<List<Candle>, Map<Long, Expected>> batch)
    {
        @Override
        public String toString()
        {
            return block;
        }
    }

    static Stream<Spec> specs()
    {
        return Stream.of(
                new Spec("type = sma, period = 5", false, candles -> BatchIndicators.sma(candles, 5)),
                new Spec("type = ema, period = 9", false, candles -> BatchIndicators.ema(candles, 9)),
                new Spec("type = rsi, period = 14", false, candles -> BatchIndicators.rsi(candles, 14)),
                new Spec("type = atr, period = 14", false, candles -> BatchIndicators.atr(candles, 14)),
                new Spec("type = bollinger", false, candles -> BatchIndicators.bollinger(candles, 20, 2)),
                new Spec("type = bollinger, period = 10, k = 1.5", false, candles -> BatchIndicators.bollinger(candles, 10, 1.5)),
                new Spec("type = macd", false, candles -> BatchIndicators.macd(candles, 12, 26, 9)),
                new Spec("type = macd, fast = 5, slow = 8, signal = 3", false, candles -> BatchIndicators.macd(candles, 5, 8, 3)),
                new Spec("type = vwap", false, candles -> BatchIndicators.sessionVwap(candles, 86_400_000L)),
                new Spec("type = vwap, mode = rolling, period = 10", false, candles -> BatchIndicators.rollingVwap(candles, 10)),
                new Spec("type = vwap, mode = rolling, period = 10, source = venue", true, candles -> BatchIndicators.rollingVwap(candles, 10)),
                new Spec("type = volume-profile, period = 30, row-size = 0.25", false,
                        candles -> BatchIndicators.volumeProfile(candles, 30, new BigDecimal("0.7"), 0.25)),
                new Spec("type = volume-profile, period = 40, value-area = 0.5", false,
                        candles -> BatchIndicators.volumeProfile(candles, 40, new BigDecimal("0.5"), 0)));
    }

    @ParameterizedTest
    @MethodSource("specs")
    void equalsTheBatchComputationOnASyntheticSeries(Spec spec)
    {
        assertEqualsTheBatchComputation(spec, synthetic(spec.venue()), "1h", 200);
    }

    @ParameterizedTest
    @MethodSource("specs")
    void equalsTheBatchComputationOnCandlesBuiltFromARealCapture(Spec spec)
            throws IOException
    {
        assertEqualsTheBatchComputation(spec, recordedCandles(spec.venue()), "1s", 500);
    }

    private static void assertEqualsTheBatchComputation(Spec spec, List<Candle> candles, String interval, int moreValuesThan)
    {
        Map<Long, Expected> expected = spec.batch().apply(candles);
        assertTrue(expected.size() > moreValuesThan, "the series is long enough to compare: " + expected.size());
        assertMatches(expected, run(spec.block() + ", interval = " + interval, candles), spec.block());
    }

    @ParameterizedTest
    @MethodSource("specs")
    void aRevisionOfTheLatestCandleIsRecomputed(Spec spec)
    {
        List<Candle> original = synthetic(spec.venue());
        int revised = original.size() / 2;
        Candle candle = original.get(revised);
        Decimal close = candle.close().add(Decimal.parse("1.50"));
        Decimal volume = candle.volume().add(Decimal.ONE);
        Candle revision = new Candle(candle.instrument(), candle.venueNanos(), candle.receivedNanos(), candle.interval(), candle.openTimeMillis(),
                candle.open(), candle.high().max(close), candle.low(), close, volume, candle.quoteVolume() == null ? null : close.multiply(volume),
                candle.tradeCount() + 1, null, null, null, candle.source(), true, 1);
        List<Candle> fed = new ArrayList<>(original);
        fed.add(revised + 1, revision);
        // a revision of an older candle comes too late for the indicator, which ignores it
        fed.add(revised + 3, original.get(revised - 1));
        List<Candle> series = new ArrayList<>(original);
        series.set(revised, revision);

        MetricRegistry registry = new MetricRegistry();
        Map<Long, IndicatorValue> values = new LinkedHashMap<>();
        Enricher enricher = enricher(spec.block() + ", interval = 1h", registry);
        for (Candle each : fed) {
            enricher.onEvent(each, out -> values.put(((IndicatorValue) out).openTimeMillis(), (IndicatorValue) out));
        }

        assertMatches(spec.batch().apply(series), values, spec.block());
        assertEquals(1, registry.counter("enricher.test.revisions.ignored").getCount());
    }

    @Test
    void valuesCarryTheirCandleAndDefaultNames()
    {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("type = sma", "sma20");
        names.put("type = ema", "ema21");
        names.put("type = ema, period = 50", "ema50");
        names.put("type = rsi", "rsi14");
        names.put("type = atr", "atr14");
        names.put("type = bollinger", "bollinger20");
        names.put("type = macd", "macd");
        names.put("type = vwap", "vwap");
        names.put("type = vwap, mode = rolling", "vwap20");
        names.put("type = volume-profile", "volume-profile100");
        names.put("type = rsi, name = momentum", "momentum");
        List<Candle> candles = synthetic(false);
        for (Map.Entry<String, String> entry : names.entrySet()) {
            Map<Long, IndicatorValue> values = run(entry.getKey() + ", interval = 1h", candles);
            IndicatorValue last = values.get(candles.get(candles.size() - 1).openTimeMillis());
            assertEquals(entry.getValue(), last.name(), entry.getKey());
            assertEquals(ONE_HOUR, last.interval());
            assertEquals(ABC, last.instrument());
            assertEquals(candles.get(candles.size() - 1).receivedNanos(), last.receivedNanos());
        }
    }

    @Test
    void onlyFinalCandlesOfTheConfiguredIntervalAndSourceCount()
    {
        List<Candle> candles = synthetic(false).subList(0, 3);
        Enricher enricher = enricher("type = sma, period = 2, interval = 1h", new MetricRegistry());
        List<IndicatorValue> values = new ArrayList<>();
        Candle first = candles.get(0);
        enricher.onEvent(first, out -> values.add((IndicatorValue) out));
        enricher.onEvent(with(candles.get(1), CandleInterval.parse("1m"), CandleSource.BUILT, true), out -> values.add((IndicatorValue) out));
        enricher.onEvent(with(candles.get(1), ONE_HOUR, CandleSource.VENUE, true), out -> values.add((IndicatorValue) out));
        enricher.onEvent(with(candles.get(1), ONE_HOUR, CandleSource.BUILT, false), out -> values.add((IndicatorValue) out));
        assertTrue(values.isEmpty(), values.toString());
        enricher.onEvent(candles.get(1), out -> values.add((IndicatorValue) out));
        assertEquals(1, values.size());
        assertEquals((first.close().doubleValue() + candles.get(1).close().doubleValue()) / 2, values.get(0).value(), 1e-12);
    }

    @Test
    void rsiIsAHundredWithoutLossesAndFiftyWithoutChange()
    {
        List<Candle> rising = new ArrayList<>();
        List<Candle> flat = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rising.add(candle(i, "100." + i, "1"));
            flat.add(candle(i, "100", "1"));
        }
        assertEquals(100, run("type = rsi, period = 3, interval = 1h", rising).get(rising.get(4).openTimeMillis()).value());
        assertEquals(50, run("type = rsi, period = 3, interval = 1h", flat).get(flat.get(4).openTimeMillis()).value());
    }

    @Test
    void volumeProfileTiesGoToTheLowerControlRowAndTheRowAbove()
    {
        // rows 10, 11 and 12 hold 1, 2 and 1: the control row is 11, the value area (70% of 4)
        // takes one neighbour and both hold 1, so it grows upwards
        List<Candle> candles = List.of(candle(0, "10.5", "1"), candle(1, "11.5", "2"), candle(2, "12.5", "1"));
        IndicatorValue profile = run("type = volume-profile, period = 3, row-size = 1, interval = 1h", candles).get(candles.get(2).openTimeMillis());
        assertEquals(11.5, profile.value());
        assertEquals(Map.of("value_area_high", 13.0, "value_area_low", 11.0), profile.components());

        // rows 10 and 12 hold 2 each: the lower one is the point of control
        List<Candle> even = List.of(candle(0, "10.5", "2"), candle(1, "12.5", "2"), candle(2, "11.5", "0"));
        assertEquals(10.5, run("type = volume-profile, period = 3, row-size = 1, interval = 1h", even).get(even.get(2).openTimeMillis()).value());
    }

    @Test
    void automaticRowSizeIsARoundStepNearATenthOfAPercent()
    {
        assertEquals(50, VolumeProfile.automaticRowSize(61_602.02));
        assertEquals(2, VolumeProfile.automaticRowSize(3_000));
        assertEquals(0.1, VolumeProfile.automaticRowSize(100), 1e-15);
        assertEquals(0.001, VolumeProfile.automaticRowSize(1.2345), 1e-15);
        assertEquals(BatchIndicators.automaticRowSize(new BigDecimal("61602.02")), VolumeProfile.automaticRowSize(61_602.02));
    }

    @Test
    void invalidSettingsNameTheirPath()
    {
        assertEquals("marketpipe.enrichers[0].interval", assertThrows(ConfigurationException.class, () -> enricher("type = ema, interval = 1x", new MetricRegistry())).path());
        assertEquals("marketpipe.enrichers[0].period", assertThrows(ConfigurationException.class, () -> enricher("type = sma, period = 0", new MetricRegistry())).path());
        assertEquals("marketpipe.enrichers[0].fast", assertThrows(ConfigurationException.class, () -> enricher("type = macd, fast = 26, slow = 12", new MetricRegistry())).path());
        assertEquals("marketpipe.enrichers[0].k", assertThrows(ConfigurationException.class, () -> enricher("type = bollinger, k = 0", new MetricRegistry())).path());
        assertEquals("marketpipe.enrichers[0].value-area",
                assertThrows(ConfigurationException.class, () -> enricher("type = volume-profile, value-area = 1.5", new MetricRegistry())).path());
        ConfigurationException unknown = assertThrows(ConfigurationException.class, () -> enricher("type = ema, perod = 5", new MetricRegistry()));
        assertTrue(unknown.getMessage().contains("did you mean period?"), unknown.getMessage());
    }

    private static void assertMatches(Map<Long, Expected> expected, Map<Long, IndicatorValue> actual, String what)
    {
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(actual.keySet()), what + ": a value for the same candles");
        for (Map.Entry<Long, Expected> entry : expected.entrySet()) {
            IndicatorValue value = actual.get(entry.getKey());
            String at = what + " at " + entry.getKey();
            assertClose(entry.getValue().value(), value.value(), at);
            assertEquals(entry.getValue().components().keySet(), value.components().keySet(), at);
            for (Map.Entry<String, Double> component : entry.getValue().components().entrySet()) {
                assertClose(component.getValue(), value.components().get(component.getKey()), at + " " + component.getKey());
            }
        }
    }

    private static void assertClose(double expected, double actual, String what)
    {
        assertEquals(expected, actual, 1e-9 * Math.max(1, Math.abs(expected)), what);
    }

    private static Map<Long, IndicatorValue> run(String block, List<Candle> candles)
    {
        Enricher enricher = enricher(block, new MetricRegistry());
        Map<Long, IndicatorValue> values = new LinkedHashMap<>();
        for (Candle candle : candles) {
            enricher.onEvent(candle, out -> assertNull(values.put(((IndicatorValue) out).openTimeMillis(), (IndicatorValue) out), "one value per candle"));
        }
        return values;
    }

    static Enricher enricher(String block, MetricRegistry registry)
    {
        Config config = ConfigFactory.parseString(block);
        String type = config.getString("type");
        PluginConfig pluginConfig = TypesafePluginConfig.create("marketpipe.enrichers[0]", config, REFERENCE.getConfig("marketpipe.defaults.enricher." + type), Set.of("type", "name"));
        EnricherFactory factory = BuiltinIndicators.factories().stream().filter(each -> each.type().equals(type)).findFirst().orElseThrow();
        Metrics metrics = new DropwizardMetrics(registry, "enricher.test");
        return factory.create(pluginConfig, new EnricherContext()
        {
            @Override
            public String name()
            {
                return "test";
            }

            @Override
            public Metrics metrics()
            {
                return metrics;
            }
        });
    }

    /**
     * Three hundred hourly candles of a random walk with gaps and zero-volume hours, over several
     * days (so that session VWAP restarts).
     */
    private static List<Candle> synthetic(boolean venue)
    {
        Random random = new Random(42);
        List<Candle> candles = new ArrayList<>();
        BigDecimal close = new BigDecimal("100.00");
        long hour = 0;
        for (int i = 0; i < 300; i++) {
            if (i % 23 == 7) {
                hour++;
            }
            BigDecimal open = close;
            close = open.add(BigDecimal.valueOf(random.nextGaussian() * 0.8).setScale(2, RoundingMode.HALF_EVEN)).max(new BigDecimal("1.00"));
            BigDecimal high = open.max(close).add(BigDecimal.valueOf(random.nextDouble()).setScale(2, RoundingMode.HALF_EVEN));
            BigDecimal low = open.min(close).subtract(BigDecimal.valueOf(random.nextDouble()).setScale(2, RoundingMode.HALF_EVEN)).max(new BigDecimal("0.50"));
            BigDecimal volume = i % 17 == 5 ? BigDecimal.ZERO : BigDecimal.valueOf(random.nextDouble() * 10).setScale(3, RoundingMode.HALF_EVEN);
            long start = T0 + hour * 3_600_000L;
            Decimal quoteVolume = venue ? null : Decimal.valueOf(close.multiply(volume));
            candles.add(new Candle(ABC, start * 1_000_000L, (start + 3_600_000L) * 1_000_000L, ONE_HOUR, start, Decimal.valueOf(open), Decimal.valueOf(high),
                    Decimal.valueOf(low), Decimal.valueOf(close), Decimal.valueOf(volume), quoteVolume, -1, null, null, null,
                    venue ? CandleSource.VENUE : CandleSource.BUILT, true, 0));
            hour++;
        }
        return candles;
    }

    /**
     * The final 1s candles built from the trades of the recorded Binance capture.
     */
    private static List<Candle> recordedCandles(boolean venue)
            throws IOException
    {
        List<Trade> trades = RecordedTrades.btcusdt();
        List<Candle> candles = new ArrayList<>();
        CandleSettings settings = CandleSettings.from(ConfigFactory.parseString("marketpipe.candles.intervals = [1s]").withFallback(REFERENCE).resolve());
        CandleBuilder builder = new CandleBuilder("binance-spot", settings, new CandleHistory(settings), event -> {
            if (event instanceof Candle candle && candle.closed()) {
                candles.add(venue ? with(candle, candle.interval(), CandleSource.VENUE, true) : candle);
            }
        }, Metrics.NOOP, () -> 0);
        trades.forEach(builder::accept);
        return candles;
    }

    private static Candle with(Candle candle, CandleInterval interval, CandleSource source, boolean closed)
    {
        Decimal quoteVolume = source == CandleSource.VENUE ? null : candle.quoteVolume();
        return new Candle(candle.instrument(), candle.venueNanos(), candle.receivedNanos(), interval, candle.openTimeMillis(), candle.open(), candle.high(),
                candle.low(), candle.close(), candle.volume(), quoteVolume, candle.tradeCount(), candle.vwap(), candle.buyVolume(), candle.sellVolume(), source,
                closed, candle.revision());
    }

    private static Candle candle(int hour, String close, String volume)
    {
        long start = T0 + hour * 3_600_000L;
        Decimal price = Decimal.parse(close);
        return new Candle(ABC, start * 1_000_000L, start * 1_000_000L, ONE_HOUR, start, price, price, price, price, Decimal.parse(volume), null, -1, null, null,
                null, CandleSource.BUILT, true, 0);
    }
}
