package io.marketpipe.core.internal.candle;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CandleBuilderTest
{
    private static final Instrument BTC = Instrument.spot("test", "BTCUSDT", "BTC", "USDT");
    private static final CandleInterval ONE_MINUTE = CandleInterval.parse("1m");
    // 2024-08-09T00:00:00Z
    private static final long T0 = 1_723_161_600_000L;

    private final List<MarketEvent> out = new ArrayList<>();
    private final MetricRegistry registry = new MetricRegistry();
    private final AtomicLong clockNanos = new AtomicLong();
    private CandleHistory history;

    @Test
    void candleClosesWhenATradeOfTheNextIntervalArrives()
    {
        CandleBuilder builder = builder("");
        Trade first = trade("1", T0, "100.00", "1", Side.BUY);
        Trade lastOfMinute = trade("2", T0 + 59_999, "101.00", "1", Side.BUY);
        Trade nextMinute = trade("3", T0 + 60_000, "102.00", "1", Side.BUY);
        builder.accept(first);
        builder.accept(lastOfMinute);
        assertEquals(List.of(first, lastOfMinute), out, "no candle before its interval closes");

        builder.accept(nextMinute);

        assertEquals(4, out.size());
        assertSame(nextMinute, out.get(2), "the trade goes on before the candle it closes");
        Candle candle = (Candle) out.get(3);
        assertEquals(T0, candle.openTimeMillis());
        assertEquals(ONE_MINUTE, candle.interval());
        assertEquals(Decimal.parse("100.00"), candle.open());
        assertEquals(Decimal.parse("101.00"), candle.close());
        assertEquals(2, candle.tradeCount(), "the trade at the boundary belongs to the next interval");
        assertTrue(candle.closed());
        assertEquals(0, candle.revision());
        assertEquals(CandleSource.BUILT, candle.source());
        assertEquals(nextMinute.receivedNanos(), candle.receivedNanos());
        assertEquals(lastOfMinute.venueNanos(), candle.venueNanos(), "venue time of its latest trade");
        assertEquals(List.of(candle), history.recent(BTC, ONE_MINUTE, CandleSource.BUILT));
        assertEquals(1, registry.counter("candles.built").getCount());
    }

    @Test
    void ohlcVolumeVwapAndSidesAreExact()
    {
        Candle candle = candlesBuiltFrom("",
                buy("1", T0 + 1_000, "100.10"),
                trade("2", T0 + 2_000, "100.25", "2.5", Side.SELL),
                trade("3", T0 + 3_000, "99.95", "0.5", Side.UNKNOWN),
                trade("4", T0 + 4_000, "100.20", "2", Side.BUY),
                buy("5", T0 + 61_000, "100.00")).get(0);

        assertEquals("100.10", candle.open().toString());
        assertEquals("100.25", candle.high().toString());
        assertEquals("99.95", candle.low().toString());
        assertEquals("100.20", candle.close().toString());
        assertEquals("6.0", candle.volume().toString());
        // 100.10 + 250.625 + 49.975 + 200.40 = 601.100
        assertEquals(Decimal.parse("601.100"), candle.quoteVolume());
        assertEquals(4, candle.tradeCount());
        // 601.1 / 6 = 100.18333..., kept to two price decimals plus four
        assertEquals("100.183333", candle.vwap().toString());
        assertEquals(Decimal.parse("3"), candle.buyVolume());
        assertEquals(Decimal.parse("2.5"), candle.sellVolume());
    }

    @Test
    void openAndCloseFollowTradeTimeNotArrival()
    {
        CandleBuilder builder = builder("");
        accept(builder, buy("1", T0 + 20_000, "100"), buy("2", T0 + 10_000, "90"), buy("3", T0 + 20_000, "95"));
        builder.flush();

        Candle candle = candles().get(0);
        assertEquals(Decimal.parse("90"), candle.open());
        assertEquals(Decimal.parse("95"), candle.close(), "the last of equal times is the close");
        assertFalse(candle.closed(), "flushed while its interval is still open");
        assertTrue(history.recent(BTC, ONE_MINUTE, CandleSource.BUILT).isEmpty(), "the history keeps final candles only");
    }

    @Test
    void lateTradeWithinLatenessAmendsItsCandleAsARevision()
    {
        CandleBuilder builder = firstMinuteClosedWithLatenessOf2s(T0 + 61_000);
        Trade late = trade("3", T0 + 50_000, "105", "0.5", Side.SELL);
        builder.accept(late);

        List<Candle> candles = candles();
        assertEquals(2, candles.size());
        Candle revised = candles.get(1);
        assertEquals(T0, revised.openTimeMillis(), "a revision repeats the start");
        assertEquals(1, revised.revision());
        assertTrue(revised.closed());
        assertEquals(Decimal.parse("105"), revised.high());
        assertEquals(Decimal.parse("105"), revised.close());
        assertEquals(Decimal.parse("1.5"), revised.volume());
        assertEquals(2, revised.tradeCount());
        assertSame(late, out.get(out.size() - 2), "the late trade goes on before its revision");
        assertEquals(List.of(revised), history.recent(BTC, ONE_MINUTE, CandleSource.BUILT), "the revision replaces the candle in the history");
        assertEquals(1, registry.counter("candles.revisions").getCount());
    }

    @Test
    void tradeLaterThanLatenessIsLeftOutCountedAndReported()
    {
        CandleBuilder builder = firstMinuteClosedWithLatenessOf2s(T0 + 62_000);
        Trade tooLate = trade("3", T0 + 55_000, "105", "1", Side.BUY);
        builder.accept(tooLate);

        assertEquals(1, candles().size(), "no revision");
        assertSame(tooLate, out.get(out.size() - 2), "the trade itself still goes on");
        SourceStatus status = (SourceStatus) out.get(out.size() - 1);
        assertEquals(SourceStatus.Kind.INFO, status.kind());
        assertEquals("test-spot", status.source());
        assertTrue(status.reason().contains("trade 3") && status.reason().contains("lateness of PT2S"), status.reason());
        assertEquals(1, registry.counter("candles.late-trades").getCount());
        builder.flush();
        assertEquals(Decimal.parse("1"), candles().get(1).volume(), "the open candle does not include it either");
    }

    @Test
    void zeroLatenessAmendsNothing()
    {
        List<Candle> candles = candlesBuiltFrom("marketpipe.candles.lateness = 0s", buy("1", T0 + 10_000, "100"), buy("2", T0 + 60_000, "101"), buy("3", T0 + 59_999, "105"));

        assertEquals(1, candles.size());
        assertEquals(1, registry.counter("candles.late-trades").getCount());
    }

    @Test
    void emptyIntervalsAreSkipped()
    {
        CandleBuilder builder = builder("marketpipe.candles.empty-intervals = skip");
        accept(builder, buy("1", T0 + 10_000, "100"), buy("2", T0 + 190_000, "110"));
        builder.flush();

        List<Candle> candles = candles();
        assertEquals(List.of(T0, T0 + 180_000), candles.stream().map(Candle::openTimeMillis).toList());
        assertTrue(candles.get(0).closed());
        assertFalse(candles.get(1).closed());
    }

    @Test
    void emptyIntervalsCarryThePreviousClose()
    {
        CandleBuilder builder = builder("marketpipe.candles { empty-intervals = carry, lateness = 5m }");
        accept(builder, buy("1", T0 + 10_000, "100"), buy("2", T0 + 20_000, "99"), buy("3", T0 + 190_000, "110"));

        List<Candle> candles = candles();
        assertEquals(List.of(T0, T0 + 60_000, T0 + 120_000), candles.stream().map(Candle::openTimeMillis).toList());
        for (Candle carried : candles.subList(1, 3)) {
            assertEquals(Decimal.parse("99"), carried.open());
            assertEquals(Decimal.parse("99"), carried.high());
            assertEquals(Decimal.parse("99"), carried.low());
            assertEquals(Decimal.parse("99"), carried.close());
            assertTrue(carried.volume().isZero());
            assertEquals(0, carried.tradeCount());
            assertNull(carried.vwap());
            assertTrue(carried.closed());
            assertEquals(carried.openTimeMillis() * 1_000_000L, carried.venueNanos());
        }

        builder.accept(trade("4", T0 + 90_000, "95", "2", Side.SELL));
        Candle amended = candles().get(3);
        assertEquals(T0 + 60_000, amended.openTimeMillis());
        assertEquals(1, amended.revision(), "the carried candle was revision 0");
        assertEquals(Decimal.parse("95"), amended.open(), "its first trade replaces the carried price");
        assertEquals(Decimal.parse("95"), amended.high());
        assertEquals(Decimal.parse("2"), amended.volume());
    }

    @Test
    void theClockClosesIntervalsNoTradeHasClosed()
    {
        CandleBuilder builder = builder("marketpipe.candles { clock-close-after = 1s, empty-intervals = carry }");
        builder.accept(trade("1", T0 + 10_000, "100", "1", Side.BUY));
        clockNanos.set((T0 + 60_999) * 1_000_000L);
        builder.closeByClock();
        assertTrue(candles().isEmpty(), "not yet clock-close-after past the end");

        clockNanos.set((T0 + 61_000) * 1_000_000L);
        builder.closeByClock();
        assertEquals(List.of(T0), candles().stream().map(Candle::openTimeMillis).toList());
        assertEquals(clockNanos.get(), candles().get(0).receivedNanos());

        clockNanos.set((T0 + 181_000) * 1_000_000L);
        builder.closeByClock();
        assertEquals(List.of(T0, T0 + 60_000, T0 + 120_000), candles().stream().map(Candle::openTimeMillis).toList(), "quiet intervals are carried");

        accept(builder, buy("2", T0 + 185_000, "101"), buy("3", T0 + 240_000, "102"));
        assertEquals(T0 + 180_000, candles().get(3).openTimeMillis());
        assertEquals(Decimal.parse("101"), candles().get(3).open());
    }

    @Test
    void openCandlesAreEmittedOnEveryTradeWhenAsked()
    {
        List<Candle> candles = candlesBuiltFrom("marketpipe.candles.emit-open = true", buy("1", T0 + 10_000, "100"), buy("2", T0 + 20_000, "101"));

        assertEquals(2, candles.size());
        assertFalse(candles.get(1).closed());
        assertEquals(Decimal.parse("2"), candles.get(1).volume());
        assertEquals(0, candles.get(1).revision());
    }

    @Test
    void everyConfiguredIntervalIsBuilt()
    {
        List<Candle> candles = candlesBuiltFrom("marketpipe.candles.intervals = [1m, 5s]", buy("1", T0 + 1_000, "100"), buy("2", T0 + 6_000, "101"));

        assertEquals(1, candles.size());
        assertEquals(CandleInterval.parse("5s"), candles.get(0).interval());
        assertEquals(Decimal.parse("100"), candles.get(0).close());
    }

    @Test
    void venueCandlesPassThroughUnchangedAndAreKeptApart()
    {
        CandleBuilder builder = builder("");
        Candle venue = new Candle(BTC, T0 * 1_000_000L, T0 * 1_000_000L, ONE_MINUTE, T0, Decimal.parse("1"), Decimal.parse("2"), Decimal.parse("1"), Decimal.parse("2"),
                Decimal.parse("5"), null, -1, null, null, null, CandleSource.VENUE, true, 0);
        builder.accept(venue);

        assertEquals(List.of(venue), out);
        assertSame(venue, out.get(0));
        assertEquals(List.of(venue), history.recent(BTC, ONE_MINUTE, CandleSource.VENUE));
        assertTrue(history.recent(BTC, ONE_MINUTE, CandleSource.BUILT).isEmpty());
    }

    @Test
    void flushEmitsNothingWithoutTrades()
    {
        CandleBuilder builder = builder("marketpipe.candles.empty-intervals = carry");
        builder.flush();
        builder.accept(trade("1", T0 + 1_000, "100", "1", Side.BUY));
        clockNanos.set((T0 + 61_000) * 1_000_000L);
        builder.closeByClock();
        out.clear();
        builder.flush();
        assertTrue(out.isEmpty(), "the carried interval in progress has no trade to lose");
    }

    private CandleBuilder builder(String hocon)
    {
        CandleSettings settings = settings(hocon);
        history = new CandleHistory(settings);
        return new CandleBuilder("test-spot", settings, history, out::add, new DropwizardMetrics(registry, ""), clockNanos::get);
    }

    static CandleSettings settings(String hocon)
    {
        return CandleSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.parseResources("reference.conf")).resolve());
    }

    private List<Candle> candles()
    {
        return out.stream().filter(Candle.class::isInstance).map(Candle.class::cast).toList();
    }

    /**
     * @return a builder allowing 2s of lateness that got a buy at 100 ten seconds into the first
     * minute and then one at 101 at {@code closingTradeMillis}, in the next minute
     */
    private CandleBuilder firstMinuteClosedWithLatenessOf2s(long closingTradeMillis)
    {
        CandleBuilder builder = builder("marketpipe.candles.lateness = 2s");
        accept(builder, buy("1", T0 + 10_000, "100"), buy("2", closingTradeMillis, "101"));
        return builder;
    }

    /**
     * @return the candles a builder configured with {@code hocon} emits for {@code trades}
     */
    private List<Candle> candlesBuiltFrom(String hocon, Trade... trades)
    {
        accept(builder(hocon), trades);
        return candles();
    }

    private static void accept(CandleBuilder builder, Trade... trades)
    {
        for (Trade trade : trades) {
            builder.accept(trade);
        }
    }

    /**
     * @return a buy of size 1 at {@code price}, traded at {@code millis}
     */
    private static Trade buy(String id, long millis, String price)
    {
        return trade(id, millis, price, "1", Side.BUY);
    }

    private static Trade trade(String id, long millis, String price, String size, Side side)
    {
        return new Trade(BTC, millis * 1_000_000L, millis * 1_000_000L + 3_000_000, id, Decimal.parse(price), Decimal.parse(size), side, false);
    }
}
