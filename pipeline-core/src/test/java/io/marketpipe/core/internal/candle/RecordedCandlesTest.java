package io.marketpipe.core.internal.candle;

import io.marketpipe.api.connector.MarketClock;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Candles built from the real trades of a Binance capture equal a straightforward recomputation
 * from the same trades.
 */
class RecordedCandlesTest
{
    @Test
    void candlesOfARealCaptureEqualARecomputationFromItsTrades()
            throws IOException
    {
        List<Trade> trades = RecordedTrades.btcusdt();
        assertEquals(19_904, trades.size());
        List<Candle> emitted = new ArrayList<>();
        CandleSettings settings = CandleBuilderTest.settings("marketpipe.candles.intervals = [1s, 15s, 1m, 5m]");
        CandleBuilder builder = new CandleBuilder("binance-spot", settings, new CandleHistory(settings), event -> {
            if (event instanceof Candle candle) {
                emitted.add(candle);
            }
        }, Metrics.NOOP, MarketClock.SYSTEM);
        trades.forEach(builder::accept);
        builder.flush();

        for (CandleInterval interval : settings.intervals()) {
            List<Candle> built = emitted.stream().filter(candle -> candle.interval().equals(interval)).toList();
            Map<Long, Recomputed> expected = recompute(trades, interval);
            assertEquals(List.copyOf(expected.keySet()), built.stream().map(Candle::openTimeMillis).toList(), interval + ": one candle per interval with trades, in order");
            for (int i = 0; i < built.size(); i++) {
                Candle candle = built.get(i);
                Recomputed recomputed = expected.get(candle.openTimeMillis());
                String at = interval + " candle " + candle.openTimeMillis();
                assertEquals(recomputed.open(), candle.open().toBigDecimal(), at + " open");
                assertEquals(0, recomputed.high().compareTo(candle.high().toBigDecimal()), at + " high");
                assertEquals(0, recomputed.low().compareTo(candle.low().toBigDecimal()), at + " low");
                assertEquals(recomputed.close(), candle.close().toBigDecimal(), at + " close");
                assertEquals(0, recomputed.volume().compareTo(candle.volume().toBigDecimal()), at + " volume");
                assertEquals(0, recomputed.quoteVolume().compareTo(candle.quoteVolume().toBigDecimal()), at + " quote volume");
                assertEquals(0, recomputed.buyVolume().compareTo(candle.buyVolume().toBigDecimal()), at + " buy volume");
                assertEquals(0, recomputed.sellVolume().compareTo(candle.sellVolume().toBigDecimal()), at + " sell volume");
                assertEquals(recomputed.trades(), candle.tradeCount(), at + " trades");
                BigDecimal vwap = recomputed.quoteVolume().divide(recomputed.volume(), 8 + 4, RoundingMode.HALF_EVEN);
                assertEquals(0, vwap.compareTo(candle.vwap().toBigDecimal()), at + " vwap");
                assertEquals(0, candle.revision(), at + ": the capture's trades are in order");
                assertEquals(i < built.size() - 1, candle.closed(), at + ": only the last is still open at the end");
            }
            assertEquals(trades.size(), built.stream().mapToLong(Candle::tradeCount).sum(), interval + ": every trade is in a candle");
        }
        assertTrue(emitted.size() > 600, "about eleven minutes of 1s candles: " + emitted.size());
        assertFalse(emitted.stream().anyMatch(candle -> candle.volume().isZero()), "skip leaves empty intervals out");
    }

    private static Map<Long, Recomputed> recompute(List<Trade> trades, CandleInterval interval)
    {
        Map<Long, List<Trade>> byInterval = trades.stream().collect(Collectors.groupingBy(
                trade -> Math.floorDiv(trade.venueNanos() / 1_000_000L, interval.millis()) * interval.millis(), TreeMap::new, Collectors.toList()));
        Map<Long, Recomputed> candles = new TreeMap<>();
        byInterval.forEach((start, inInterval) -> candles.put(start, Recomputed.of(inInterval)));
        return candles;
    }

    /**
     * A candle recomputed from its trades in arrival order, in BigDecimal.
     */
    private record Recomputed(BigDecimal open, BigDecimal high, BigDecimal low, BigDecimal close, BigDecimal volume, BigDecimal quoteVolume,
                              BigDecimal buyVolume, BigDecimal sellVolume, long trades)
    {
        static Recomputed of(List<Trade> trades)
        {
            List<BigDecimal> prices = trades.stream().map(trade -> trade.price().toBigDecimal()).toList();
            return new Recomputed(
                    prices.get(0),
                    prices.stream().reduce(BigDecimal::max).orElseThrow(),
                    prices.stream().reduce(BigDecimal::min).orElseThrow(),
                    prices.get(prices.size() - 1),
                    sum(trades, trade -> trade.size().toBigDecimal()),
                    sum(trades, trade -> trade.price().toBigDecimal().multiply(trade.size().toBigDecimal())),
                    sum(trades.stream().filter(trade -> trade.side() == Side.BUY).toList(), trade -> trade.size().toBigDecimal()),
                    sum(trades.stream().filter(trade -> trade.side() != Side.BUY).toList(), trade -> trade.size().toBigDecimal()),
                    trades.size());
        }

        private static BigDecimal sum(List<Trade> trades, Function<Trade, BigDecimal> amount)
        {
            return trades.stream().map(amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        }
    }
}
