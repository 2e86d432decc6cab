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
                assertEquals(recomputed.open, candle.open().toBigDecimal(), at + " open");
                assertEquals(0, recomputed.high.compareTo(candle.high().toBigDecimal()), at + " high");
                assertEquals(0, recomputed.low.compareTo(candle.low().toBigDecimal()), at + " low");
                assertEquals(recomputed.close, candle.close().toBigDecimal(), at + " close");
                assertEquals(0, recomputed.volume.compareTo(candle.volume().toBigDecimal()), at + " volume");
                assertEquals(0, recomputed.quoteVolume.compareTo(candle.quoteVolume().toBigDecimal()), at + " quote volume");
                assertEquals(0, recomputed.buyVolume.compareTo(candle.buyVolume().toBigDecimal()), at + " buy volume");
                assertEquals(0, recomputed.sellVolume.compareTo(candle.sellVolume().toBigDecimal()), at + " sell volume");
                assertEquals(recomputed.trades, candle.tradeCount(), at + " trades");
                BigDecimal vwap = recomputed.quoteVolume.divide(recomputed.volume, 8 + 4, RoundingMode.HALF_EVEN);
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
        Map<Long, Recomputed> candles = new TreeMap<>();
        for (Trade trade : trades) {
            long start = Math.floorDiv(trade.venueNanos() / 1_000_000L, interval.millis()) * interval.millis();
            Recomputed candle = candles.computeIfAbsent(start, key -> new Recomputed(trade.price().toBigDecimal()));
            BigDecimal price = trade.price().toBigDecimal();
            BigDecimal size = trade.size().toBigDecimal();
            candle.high = candle.high.max(price);
            candle.low = candle.low.min(price);
            candle.close = price;
            candle.volume = candle.volume.add(size);
            candle.quoteVolume = candle.quoteVolume.add(price.multiply(size));
            if (trade.side() == Side.BUY) {
                candle.buyVolume = candle.buyVolume.add(size);
            }
            else {
                candle.sellVolume = candle.sellVolume.add(size);
            }
            candle.trades++;
        }
        return candles;
    }

    private static final class Recomputed
    {
        private final BigDecimal open;
        private BigDecimal high;
        private BigDecimal low;
        private BigDecimal close;
        private BigDecimal volume = BigDecimal.ZERO;
        private BigDecimal quoteVolume = BigDecimal.ZERO;
        private BigDecimal buyVolume = BigDecimal.ZERO;
        private BigDecimal sellVolume = BigDecimal.ZERO;
        private long trades;

        Recomputed(BigDecimal open)
        {
            this.open = open;
            this.high = open;
            this.low = open;
        }
    }
}
