package io.marketpipe.redis;

import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.IndicatorValue;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.json.EventJson;

import static java.util.Objects.requireNonNull;

/**
 * The key layout, which readers in other languages rely on. Every key starts with the prefix,
 * then what it holds, then the instrument as {@code exchange:market:symbol} with the canonical
 * symbol, as in the event JSON:
 * <ul>
 * <li>{@code {prefix}:book|quote|ticker:{exchange}:{market}:{symbol}}: the latest event's JSON (a string)</li>
 * <li>{@code {prefix}:indicator:{exchange}:{market}:{symbol}:{name}[:{interval}]}: the latest value's JSON</li>
 * <li>{@code {prefix}:candles:{exchange}:{market}:{symbol}:{interval}}: candles built from trades, a
 * sorted set of candle JSON scored by the candle's start (epoch ms); the venue's own candles under
 * the same key with {@code :venue} appended</li>
 * <li>{@code {prefix}:trades|funding:{exchange}:{market}:{symbol}}: a stream of event JSON, field {@code json}</li>
 * <li>{@code {prefix}:status:{exchange}:{market}[:{symbol}]}: a stream of status JSON, field {@code json}</li>
 * <li>{@code {prefix}:instrument:{exchange}:{market}:{symbol}}: a hash describing the instrument ({@link EventJson#instrumentFields})</li>
 * <li>{@code {prefix}:instruments}: a set of every {@code exchange:market:symbol} written</li>
 * </ul>
 */
final class RedisKeys
{
    private final String prefix;

    RedisKeys(String prefix)
    {
        this.prefix = requireNonNull(prefix, "prefix is null");
    }

    /**
     * @return {@code exchange:market:symbol}
     */
    static String instrumentId(Instrument instrument)
    {
        return instrument.venue() + ":" + instrument.market() + ":" + instrument.symbol();
    }

    static String instrumentId(String venue, String market, String symbol)
    {
        return venue + ":" + market + ":" + symbol;
    }

    /**
     * @param kind {@code book}, {@code quote}, {@code ticker}, {@code trades}, {@code funding} or {@code instrument}
     */
    String of(String kind, Instrument instrument)
    {
        return prefix + ":" + kind + ":" + instrumentId(instrument);
    }

    String of(String kind, String instrumentId)
    {
        return prefix + ":" + kind + ":" + instrumentId;
    }

    String indicator(IndicatorValue indicator)
    {
        String key = of("indicator", indicator.instrument()) + ":" + indicator.name();
        return indicator.interval() == null ? key : key + ":" + indicator.interval().label();
    }

    String candles(Candle candle)
    {
        return candles(instrumentId(candle.instrument()), candle.interval(), candle.source());
    }

    String candles(String instrumentId, CandleInterval interval, CandleSource source)
    {
        String key = of("candles", instrumentId) + ":" + interval.label();
        return source == CandleSource.BUILT ? key : key + ":" + source.wireName();
    }

    /**
     * @return the glob pattern of every candle key of the instrument, its special characters escaped
     */
    String candlesPattern(String instrumentId)
    {
        return escapeGlob(of("candles", instrumentId) + ":") + "*";
    }

    String status(SourceStatus status)
    {
        String key = prefix + ":status:" + status.venue() + ":" + status.market();
        return status.instrument() == null ? key : key + ":" + status.instrument().symbol();
    }

    String instruments()
    {
        return prefix + ":instruments";
    }

    private static String escapeGlob(String text)
    {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
