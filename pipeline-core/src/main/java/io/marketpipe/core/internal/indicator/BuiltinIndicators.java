package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.Decimal;

import java.util.List;
import java.util.function.Supplier;

/**
 * The indicators pipeline-core offers as enrichers, configured like any other
 * ({@code marketpipe.enrichers = [{ type = ema, period = 21, interval = 1m }]}), with their
 * defaults under {@code marketpipe.defaults.enricher.<type>}. Each computes over final candles,
 * in constant time per candle (the volume profile's readout is linear in its rows).
 */
public final class BuiltinIndicators
{
    private BuiltinIndicators() {}

    /**
     * @return the factories of {@code sma}, {@code ema}, {@code rsi}, {@code atr}, {@code bollinger},
     *         {@code macd}, {@code vwap} and {@code volume-profile}
     */
    public static List<EnricherFactory> factories()
    {
        return List.of(
                IndicatorFactory.withPeriod("sma", 1, SimpleMovingAverage::new),
                // smoothed averages forget their seed geometrically; these many periods leave little of it
                IndicatorFactory.withPeriod("ema", 4, ExponentialMovingAverage::new),
                IndicatorFactory.withPeriod("rsi", 10, RelativeStrengthIndex::new),
                IndicatorFactory.withPeriod("atr", 10, AverageTrueRange::new),
                new IndicatorFactory("bollinger", new Bollinger()),
                new IndicatorFactory("macd", new Macd()),
                new IndicatorFactory("vwap", new Vwap()),
                new IndicatorFactory("volume-profile", new Profile()));
    }

    private static final class Bollinger
            implements IndicatorFactory.Definition
    {
        @Override
        public Supplier<CandleIndicator> indicators(PluginConfig config)
        {
            int period = IndicatorFactory.atLeast(config, "period", 1);
            double k = config.getDouble("k");
            if (!(k > 0)) {
                throw new ConfigurationException(config.path() + ".k", "must be positive, got " + k);
            }
            return () -> new BollingerBands(period, k);
        }

        @Override
        public int warmUpCandles(PluginConfig config, CandleInterval interval)
        {
            return config.getInt("period");
        }
    }

    private static final class Macd
            implements IndicatorFactory.Definition
    {
        @Override
        public String defaultName(String type, PluginConfig config)
        {
            return type;
        }

        @Override
        public Supplier<CandleIndicator> indicators(PluginConfig config)
        {
            int fast = IndicatorFactory.atLeast(config, "fast", 1);
            int slow = IndicatorFactory.atLeast(config, "slow", 2);
            int signal = IndicatorFactory.atLeast(config, "signal", 1);
            if (fast >= slow) {
                throw new ConfigurationException(config.path() + ".fast", "must be below slow (" + slow + "), got " + fast);
            }
            return () -> new MovingAverageConvergenceDivergence(fast, slow, signal);
        }

        @Override
        public int warmUpCandles(PluginConfig config, CandleInterval interval)
        {
            return 4 * config.getInt("slow") + config.getInt("signal");
        }
    }

    private static final class Vwap
            implements IndicatorFactory.Definition
    {
        private enum Mode
        {
            SESSION,
            ROLLING
        }

        @Override
        public String defaultName(String type, PluginConfig config)
        {
            return config.getEnum(Mode.class, "mode") == Mode.SESSION ? type : type + config.getInt("period");
        }

        @Override
        public Supplier<CandleIndicator> indicators(PluginConfig config)
        {
            if (config.getEnum(Mode.class, "mode") == Mode.ROLLING) {
                int period = IndicatorFactory.atLeast(config, "period", 1);
                return () -> new RollingVolumeWeightedAveragePrice(period);
            }
            CandleInterval session;
            try {
                session = CandleInterval.parse(config.getString("session"));
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(config.path() + ".session", e.getMessage());
            }
            return () -> new SessionVolumeWeightedAveragePrice(session);
        }

        @Override
        public int warmUpCandles(PluginConfig config, CandleInterval interval)
        {
            if (config.getEnum(Mode.class, "mode") == Mode.ROLLING) {
                return config.getInt("period");
            }
            // the candles of the session so far; the session restarts the sums anyway
            long session = CandleInterval.parse(config.getString("session")).millis();
            return (int) Math.min(IndicatorFactory.MAX_WARM_UP, Math.max(1, session / interval.millis()));
        }
    }

    private static final class Profile
            implements IndicatorFactory.Definition
    {
        @Override
        public Supplier<CandleIndicator> indicators(PluginConfig config)
        {
            int period = IndicatorFactory.atLeast(config, "period", 1);
            Decimal valueArea = config.getDecimal("value-area");
            if (valueArea.signum() <= 0 || valueArea.compareTo(Decimal.ONE) > 0) {
                throw new ConfigurationException(config.path() + ".value-area", "must be above 0 and at most 1, got " + valueArea);
            }
            Decimal rowSize = config.getDecimal("row-size");
            if (rowSize.signum() < 0) {
                throw new ConfigurationException(config.path() + ".row-size", "must not be negative (0 is automatic), got " + rowSize);
            }
            double row = rowSize.doubleValue();
            return () -> new VolumeProfile(period, valueArea, row);
        }

        @Override
        public int warmUpCandles(PluginConfig config, CandleInterval interval)
        {
            return config.getInt("period");
        }
    }
}
