package io.marketpipe.core.internal.indicator;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.enricher.Enricher;
import io.marketpipe.api.enricher.EnricherContext;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;

import java.util.function.IntFunction;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * The factory of one built-in indicator type. Every type reads {@code interval} (the candles it
 * is computed over), {@code source} ({@code built} or {@code venue} candles), an optional
 * {@code name} for its values, which defaults to the type followed by its period ({@code ema21}),
 * and {@code warm-up}: how many candles of venue history to start from ({@code auto}: as many as
 * the type needs to settle, at most {@value #MAX_WARM_UP}; 0: none).
 */
final class IndicatorFactory
        implements EnricherFactory
{
    static final int MAX_WARM_UP = 1000;

    /**
     * How a type reads its own settings.
     */
    interface Definition
    {
        /**
         * @return the name of the values when the block names none: by default the type and
         *         the period, {@code sma20}
         */
        default String defaultName(String type, PluginConfig config)
        {
            return type + config.getInt("period");
        }

        /**
         * @return a new indicator per instrument
         * @throws ConfigurationException naming the path of an invalid setting
         */
        Supplier<CandleIndicator> indicators(PluginConfig config);

        /**
         * @return how many candles of history bring the indicator close to the value it would have
         *         with unlimited history
         */
        int warmUpCandles(PluginConfig config, CandleInterval interval);
    }

    private final String type;
    private final Definition definition;

    IndicatorFactory(String type, Definition definition)
    {
        this.type = requireNonNull(type, "type is null");
        this.definition = requireNonNull(definition, "definition is null");
    }

    /**
     * A type whose only setting is {@code period}, named type + period.
     *
     * @param settlePeriods how many periods of history warm it up
     */
    static IndicatorFactory withPeriod(String type, int settlePeriods, IntFunction<CandleIndicator> indicator)
    {
        return new IndicatorFactory(type, new Definition()
        {
            @Override
            public Supplier<CandleIndicator> indicators(PluginConfig config)
            {
                int period = atLeast(config, "period", 1);
                return () -> indicator.apply(period);
            }

            @Override
            public int warmUpCandles(PluginConfig config, CandleInterval interval)
            {
                return config.getInt("period") * settlePeriods;
            }
        });
    }

    @Override
    public String type()
    {
        return type;
    }

    @Override
    public Enricher create(PluginConfig config, EnricherContext context)
    {
        String name = config.has("name") ? config.getString("name") : definition.defaultName(type, config);
        CandleInterval interval;
        try {
            interval = CandleInterval.parse(config.getString("interval"));
        }
        catch (IllegalArgumentException e) {
            throw new ConfigurationException(config.path() + ".interval", e.getMessage());
        }
        CandleSource source = config.getEnum(CandleSource.class, "source");
        Supplier<CandleIndicator> indicators = definition.indicators(config);
        IndicatorEnricher enricher = new IndicatorEnricher(name, interval, source, indicators, warmUp(config, interval), context.metrics());
        if (context instanceof IndicatorWarmUp.Context warmUp) {
            warmUp.register(enricher);
        }
        return enricher;
    }

    private int warmUp(PluginConfig config, CandleInterval interval)
    {
        if (!config.has("warm-up")) {
            return 0;
        }
        String value = config.getString("warm-up").trim();
        if (value.equalsIgnoreCase("auto")) {
            return Math.min(MAX_WARM_UP, definition.warmUpCandles(config, interval));
        }
        int candles;
        try {
            candles = Integer.parseInt(value);
        }
        catch (NumberFormatException e) {
            throw new ConfigurationException(config.path() + ".warm-up", "expected auto or a number of candles, got \"" + value + "\"");
        }
        if (candles < 0) {
            throw new ConfigurationException(config.path() + ".warm-up", "must not be negative, got " + candles);
        }
        return candles;
    }

    /**
     * @throws ConfigurationException naming the path when the value is below {@code minimum}
     */
    static int atLeast(PluginConfig config, String key, int minimum)
    {
        int value = config.getInt(key);
        if (value < minimum) {
            throw new ConfigurationException(config.path() + "." + key, "must be at least " + minimum + ", got " + value);
        }
        return value;
    }
}
