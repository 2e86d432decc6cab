package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import io.marketpipe.core.capture.CaptureHeader;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureWriter;
import io.marketpipe.core.internal.plugin.LoadedPlugin;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.json.EventJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replay through the whole runtime: trades are validated, built into candles, and the
 * configured indicator enrichers compute over the final ones.
 */
class IndicatorReplayTest
{
    // 2024-08-09T00:00:00Z
    private static final long T0 = 1_723_161_600_000L;
    private static final CandleInterval ONE_MINUTE = CandleInterval.parse("1m");

    @TempDir
    Path temp;

    @Test
    void replayShowsBuiltCandlesAndIndicatorsAndNeverAnInvalidTrade()
            throws IOException
    {
        Path capture = capture(
                frame(5, "T,1,100,1,buy"),
                frame(30, "T,2,102,1,sell"),
                frame(65, "T,3,103,1,buy"),
                frame(90, "T,4,101,1,buy"),
                frame(125, "T,5,104,1,buy"),
                frame(185, "T,6,102,1,sell"),
                frame(190, "T,7,-5,1,buy"),
                frame(200, "T,8,103,1,buy"),
                frame(245, "T,9,106,1,buy"),
                frame(250, "T,9,106,1,buy"),
                frame(305, "T,10,107,1,buy"));
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        ReplaySummary summary;
        MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(temp.resolve("no-plugins"))
                .config("marketpipe.enrichers = [{ type = ema, period = 3, interval = 1m }, { type = rsi, period = 3, interval = 1m }]")
                .replay(capture, "max")
                .listener(events::add)
                .build();
        try (pipe) {
            pipe.start();
            summary = pipe.replay();
        }

        List<Trade> trades = of(events, Trade.class);
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "8", "9", "10"), trades.stream().map(Trade::tradeId).toList(), "the invalid and the duplicate trade never arrive");
        List<SourceStatus> rejected = of(events, SourceStatus.class).stream().filter(status -> status.kind() == SourceStatus.Kind.REJECTED).toList();
        assertEquals(List.of("trade rejected: trade 7: price -5 is not positive", "trade rejected: trade 9 was already received"),
                rejected.stream().map(SourceStatus::reason).toList());
        assertEquals(1, pipe.count("connector.testvenue-spot.validation.rejected.non-positive-price"));
        assertEquals(1, pipe.count("connector.testvenue-spot.validation.rejected.duplicate-trade"));

        List<Candle> candles = of(events, Candle.class);
        assertEquals(List.of(T0, T0 + 60_000, T0 + 120_000, T0 + 180_000, T0 + 240_000, T0 + 300_000), candles.stream().map(Candle::openTimeMillis).toList());
        assertEquals(List.of(true, true, true, true, true, false), candles.stream().map(Candle::closed).toList(), "the last candle is still open when the replay ends");
        assertEquals(List.of("102", "101", "104", "103", "106", "107"), candles.stream().map(candle -> candle.close().toString()).toList());
        Candle withRejected = candles.get(3);
        assertEquals(Decimal.parse("2"), withRejected.volume(), "the rejected trade is in no candle");
        assertEquals(Decimal.parse("102"), withRejected.low());
        assertTrue(candles.stream().allMatch(candle -> candle.source() == CandleSource.BUILT && candle.interval().equals(ONE_MINUTE)));
        String json = EventJson.toJson(candles.get(0));
        assertTrue(json.contains("\"interval\":\"1m\",\"start\":" + T0 + ",\"open\":\"100\",\"high\":\"102\",\"low\":\"100\",\"close\":\"102\",\"volume\":\"2\",\"trades\":2,\"vwap\":\"101.0000\""), json);
        assertTrue(json.contains("\"source\":\"built\",\"final\":true,\"revision\":0"), json);

        List<IndicatorValue> ema = of(events, IndicatorValue.class).stream().filter(value -> value.name().equals("ema3")).toList();
        assertEquals(List.of(T0 + 120_000, T0 + 180_000, T0 + 240_000), ema.stream().map(IndicatorValue::openTimeMillis).toList());
        double seed = (102.0 + 101 + 104) / 3;
        double next = 0.5 * 103 + 0.5 * seed;
        assertEquals(seed, ema.get(0).value(), 1e-9);
        assertEquals(next, ema.get(1).value(), 1e-9);
        assertEquals(0.5 * 106 + 0.5 * next, ema.get(2).value(), 1e-9);
        assertEquals(ONE_MINUTE, ema.get(0).interval());

        List<IndicatorValue> rsi = of(events, IndicatorValue.class).stream().filter(value -> value.name().equals("rsi3")).toList();
        assertEquals(List.of(T0 + 180_000, T0 + 240_000), rsi.stream().map(IndicatorValue::openTimeMillis).toList());
        // changes -1, +3, -1: average gain 1, loss 2/3; then +3: gain (2 + 3) / 3, loss (4/3) / 3
        assertEquals(100 - 100 / (1 + 1 / (2.0 / 3)), rsi.get(0).value(), 1e-9);
        assertEquals(100 - 100 / (1 + (5.0 / 3) / (4.0 / 9)), rsi.get(1).value(), 1e-9);
        assertTrue(events.indexOf(candles.get(2)) < events.indexOf(ema.get(0)), "an indicator value follows its candle");

        assertEquals(9, summary.events().get("trade"));
        assertEquals(5, summary.events().get("indicator"));
        List<Candle> kept = pipe.candles().recent(trades.get(0).instrument(), ONE_MINUTE, CandleSource.BUILT);
        assertEquals(candles.subList(0, 5), kept, "the final candles stay queryable in-process");
    }

    @Test
    void withoutEnrichersCandlesAreStillBuilt()
            throws IOException
    {
        Path capture = capture(frame(5, "T,1,100,1,buy"), frame(65, "T,2,101,1,buy"));
        List<MarketEvent> events = Collections.synchronizedList(new ArrayList<>());
        try (MarketPipe pipe = MarketPipe.builder().pluginsDirectory(temp.resolve("no-plugins")).replay(capture, "max").listener(events::add).build()) {
            pipe.start();
            pipe.replay();
        }
        List<Candle> candles = of(events, Candle.class);
        assertEquals(2, candles.size());
        assertTrue(candles.get(0).closed());
        assertFalse(of(events, IndicatorValue.class).iterator().hasNext());
    }

    @Test
    void builtinPluginIsDiscoveredOnTheClassPath()
    {
        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.empty());
        LoadedPlugin builtin = registry.plugins().stream().filter(plugin -> plugin.name().equals("builtin")).findFirst().orElseThrow();
        assertEquals("classpath", builtin.source());
        assertEquals(List.of("sma", "ema", "rsi", "atr", "bollinger", "macd", "vwap", "volume-profile"), builtin.enricherTypes());
        assertTrue(registry.connectorTypes().contains("testvenue"), "the test services file still registers its plugin");
        assertEquals(List.of(), registry.errors());
    }

    private static <T> List<T> of(List<MarketEvent> events, Class<T> type)
    {
        synchronized (events) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }

    private static CaptureLine frame(long second, String text)
    {
        return CaptureLine.recv((T0 + second * 1_000) * 1_000_000L, 1, text);
    }

    private Path capture(CaptureLine... frames)
            throws IOException
    {
        Path file = temp.resolve("testvenue.jsonl.gz");
        try (CaptureWriter writer = CaptureWriter.create(file, new CaptureHeader("testvenue", "spot", List.of("ABCUSD"), null, null, null, null))) {
            writer.write(CaptureLine.open(T0 * 1_000_000L, 1, "wss://testvenue.invalid/ws"));
            for (CaptureLine frame : frames) {
                writer.write(frame);
            }
        }
        return file;
    }
}
