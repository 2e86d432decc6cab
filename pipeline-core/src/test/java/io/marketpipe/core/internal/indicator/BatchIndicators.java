package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.model.Candle;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Straightforward whole-series computations of the built-in indicators, written from their
 * textbook definitions, to check the incremental enrichers against.
 */
final class BatchIndicators
{
    /**
     * An indicator's output for one candle.
     */
    record Expected(double value, Map<String, Double> components) {}

    private BatchIndicators() {}

    static Map<Long, Expected> sma(List<Candle> candles, int period)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] closes = closes(candles);
        for (int i = period - 1; i < candles.size(); i++) {
            out.put(start(candles, i), new Expected(mean(closes, i - period + 1, i + 1), Map.of()));
        }
        return out;
    }

    static Map<Long, Expected> ema(List<Candle> candles, int period)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] ema = emaSeries(closes(candles), period);
        for (int i = 0; i < candles.size(); i++) {
            if (!Double.isNaN(ema[i])) {
                out.put(start(candles, i), new Expected(ema[i], Map.of()));
            }
        }
        return out;
    }

    static Map<Long, Expected> rsi(List<Candle> candles, int period)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] closes = closes(candles);
        if (closes.length <= period) {
            return out;
        }
        double gain = 0;
        double loss = 0;
        for (int i = 1; i <= period; i++) {
            double change = closes[i] - closes[i - 1];
            gain += Math.max(change, 0);
            loss += Math.max(-change, 0);
        }
        gain /= period;
        loss /= period;
        out.put(start(candles, period), new Expected(rsi(gain, loss), Map.of()));
        for (int i = period + 1; i < closes.length; i++) {
            double change = closes[i] - closes[i - 1];
            gain = (gain * (period - 1) + Math.max(change, 0)) / period;
            loss = (loss * (period - 1) + Math.max(-change, 0)) / period;
            out.put(start(candles, i), new Expected(rsi(gain, loss), Map.of()));
        }
        return out;
    }

    private static double rsi(double gain, double loss)
    {
        if (loss == 0) {
            return gain == 0 ? 50 : 100;
        }
        return 100 - 100 / (1 + gain / loss);
    }

    static Map<Long, Expected> atr(List<Candle> candles, int period)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] ranges = new double[candles.size()];
        for (int i = 0; i < candles.size(); i++) {
            double high = candles.get(i).high().doubleValue();
            double low = candles.get(i).low().doubleValue();
            ranges[i] = high - low;
            if (i > 0) {
                double previousClose = candles.get(i - 1).close().doubleValue();
                ranges[i] = Math.max(ranges[i], Math.max(Math.abs(high - previousClose), Math.abs(low - previousClose)));
            }
        }
        if (ranges.length < period) {
            return out;
        }
        double atr = mean(ranges, 0, period);
        out.put(start(candles, period - 1), new Expected(atr, Map.of()));
        for (int i = period; i < ranges.length; i++) {
            atr = (atr * (period - 1) + ranges[i]) / period;
            out.put(start(candles, i), new Expected(atr, Map.of()));
        }
        return out;
    }

    static Map<Long, Expected> bollinger(List<Candle> candles, int period, double k)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] closes = closes(candles);
        for (int i = period - 1; i < closes.length; i++) {
            double mean = mean(closes, i - period + 1, i + 1);
            double squares = 0;
            for (int j = i - period + 1; j <= i; j++) {
                squares += (closes[j] - mean) * (closes[j] - mean);
            }
            double deviation = Math.sqrt(squares / period);
            out.put(start(candles, i), new Expected(mean, Map.of("upper", mean + k * deviation, "lower", mean - k * deviation)));
        }
        return out;
    }

    static Map<Long, Expected> macd(List<Candle> candles, int fast, int slow, int signal)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        double[] closes = closes(candles);
        double[] fastEma = emaSeries(closes, fast);
        double[] slowEma = emaSeries(closes, slow);
        if (closes.length < slow) {
            return out;
        }
        double[] macd = new double[closes.length - slow + 1];
        for (int i = slow - 1; i < closes.length; i++) {
            macd[i - slow + 1] = fastEma[i] - slowEma[i];
        }
        double[] signalEma = emaSeries(macd, signal);
        for (int i = 0; i < macd.length; i++) {
            Map<String, Double> components = Double.isNaN(signalEma[i])
                    ? Map.of()
                    : Map.of("signal", signalEma[i], "histogram", macd[i] - signalEma[i]);
            out.put(start(candles, i + slow - 1), new Expected(macd[i], components));
        }
        return out;
    }

    static Map<Long, Expected> sessionVwap(List<Candle> candles, long sessionMillis)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        long session = Long.MIN_VALUE;
        double priceVolume = 0;
        double volume = 0;
        for (Candle candle : candles) {
            long candleSession = Math.floorDiv(candle.openTimeMillis(), sessionMillis);
            if (candleSession != session) {
                session = candleSession;
                priceVolume = 0;
                volume = 0;
            }
            priceVolume += priceVolume(candle);
            volume += candle.volume().doubleValue();
            if (volume > 0) {
                out.put(candle.openTimeMillis(), new Expected(priceVolume / volume, Map.of()));
            }
        }
        return out;
    }

    static Map<Long, Expected> rollingVwap(List<Candle> candles, int period)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        for (int i = period - 1; i < candles.size(); i++) {
            double priceVolume = 0;
            BigDecimal volume = BigDecimal.ZERO;
            for (int j = i - period + 1; j <= i; j++) {
                priceVolume += priceVolume(candles.get(j));
                volume = volume.add(candles.get(j).volume().toBigDecimal());
            }
            if (volume.signum() > 0) {
                out.put(start(candles, i), new Expected(priceVolume / volume.doubleValue(), Map.of()));
            }
        }
        return out;
    }

    /**
     * @param rowSize the row width, or 0 for the automatic width from the first candle's close
     */
    static Map<Long, Expected> volumeProfile(List<Candle> candles, int period, BigDecimal valueArea, double rowSize)
    {
        Map<Long, Expected> out = new LinkedHashMap<>();
        if (candles.isEmpty()) {
            return out;
        }
        double row = rowSize > 0 ? rowSize : automaticRowSize(candles.get(0).close().toBigDecimal());
        for (int i = period - 1; i < candles.size(); i++) {
            TreeMap<Long, BigDecimal> rows = new TreeMap<>();
            BigDecimal total = BigDecimal.ZERO;
            for (int j = i - period + 1; j <= i; j++) {
                Candle candle = candles.get(j);
                BigDecimal volume = candle.volume().toBigDecimal();
                if (volume.signum() > 0) {
                    double typical = (candle.high().doubleValue() + candle.low().doubleValue() + candle.close().doubleValue()) / 3;
                    rows.merge((long) Math.floor(typical / row), volume, BigDecimal::add);
                    total = total.add(volume);
                }
            }
            if (total.signum() == 0) {
                continue;
            }
            long control = rows.firstKey();
            for (Map.Entry<Long, BigDecimal> entry : rows.entrySet()) {
                if (entry.getValue().compareTo(rows.get(control)) > 0) {
                    control = entry.getKey();
                }
            }
            BigDecimal target = total.multiply(valueArea);
            BigDecimal included = rows.get(control);
            long high = control;
            long low = control;
            while (included.compareTo(target) < 0) {
                Long above = rows.higherKey(high);
                Long below = rows.lowerKey(low);
                boolean takeBelow = below != null && (above == null || rows.get(below).compareTo(rows.get(above)) > 0);
                if (takeBelow) {
                    low = below;
                    included = included.add(rows.get(below));
                }
                else {
                    high = above;
                    included = included.add(rows.get(above));
                }
            }
            out.put(start(candles, i), new Expected((control + 0.5) * row, Map.of("value_area_high", (high + 1) * row, "value_area_low", low * row)));
        }
        return out;
    }

    /**
     * @return the largest of 1, 2 and 5 times a power of ten not above a thousandth of the price
     */
    static double automaticRowSize(BigDecimal price)
    {
        BigDecimal target = price.movePointLeft(3);
        BigDecimal best = null;
        for (int exponent = -12; exponent <= 12; exponent++) {
            for (int multiple : new int[] {1, 2, 5}) {
                BigDecimal candidate = BigDecimal.valueOf(multiple).scaleByPowerOfTen(exponent);
                if (candidate.compareTo(target) <= 0 && (best == null || candidate.compareTo(best) > 0)) {
                    best = candidate;
                }
            }
        }
        return best.doubleValue();
    }

    private static double priceVolume(Candle candle)
    {
        if (candle.quoteVolume() != null) {
            return candle.quoteVolume().doubleValue();
        }
        double typical = (candle.high().doubleValue() + candle.low().doubleValue() + candle.close().doubleValue()) / 3;
        return typical * candle.volume().doubleValue();
    }

    private static double[] emaSeries(double[] values, int period)
    {
        double[] ema = new double[values.length];
        Arrays.fill(ema, Double.NaN);
        if (values.length < period) {
            return ema;
        }
        double alpha = 2.0 / (period + 1);
        ema[period - 1] = mean(values, 0, period);
        for (int i = period; i < values.length; i++) {
            ema[i] = alpha * values[i] + (1 - alpha) * ema[i - 1];
        }
        return ema;
    }

    private static double mean(double[] values, int from, int to)
    {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += values[i];
        }
        return sum / (to - from);
    }

    private static double[] closes(List<Candle> candles)
    {
        return candles.stream().mapToDouble(candle -> candle.close().doubleValue()).toArray();
    }

    private static long start(List<Candle> candles, int index)
    {
        return candles.get(index).openTimeMillis();
    }
}
