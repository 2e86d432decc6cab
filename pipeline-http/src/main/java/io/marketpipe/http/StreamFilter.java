package io.marketpipe.http;

import io.marketpipe.api.model.MarketEvent;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * What one stream subscriber asked for: {@code channels} (event types by their plural names),
 * {@code symbols} (canonical) and {@code throttle}.
 *
 * @param types the event types to deliver, by {@link MarketEvent#type()}; empty means all
 * @param symbols the canonical symbols to deliver; empty means all (events about no instrument always pass)
 */
record StreamFilter(Set<String> types, Set<String> symbols, Duration throttle)
{
    private static final Map<String, String> CHANNELS = Map.ofEntries(
            Map.entry("trades", "trade"),
            Map.entry("quotes", "quote"),
            Map.entry("tickers", "ticker"),
            Map.entry("book", "book"),
            Map.entry("books", "book"),
            Map.entry("candles", "candle"),
            Map.entry("funding", "funding"),
            Map.entry("indicators", "indicator"),
            Map.entry("status", "status"));
    /** Types conflated per instrument and source within the throttle: only the latest counts. */
    static final Set<String> CONFLATED = Set.of("book", "quote", "ticker");

    StreamFilter
    {
        types = Set.copyOf(types);
        symbols = Set.copyOf(symbols);
        requireNonNull(throttle, "throttle is null");
    }

    /**
     * @throws IllegalArgumentException naming the parameter that is wrong
     */
    static StreamFilter parse(String channels, String symbols, String throttle, Duration defaultThrottle)
    {
        Set<String> types = new LinkedHashSet<>();
        for (String channel : list(channels)) {
            String type = CHANNELS.get(channel);
            if (type == null) {
                throw new IllegalArgumentException("unknown channel \"" + channel + "\"; known: " + String.join(", ", new java.util.TreeSet<>(CHANNELS.keySet())));
            }
            types.add(type);
        }
        Duration interval = defaultThrottle;
        if (throttle != null && !throttle.isBlank()) {
            interval = parseDuration(throttle.trim());
            if (interval.isNegative()) {
                throw new IllegalArgumentException("throttle must not be negative: " + throttle);
            }
        }
        return new StreamFilter(types, new LinkedHashSet<>(list(symbols)), interval);
    }

    private static Duration parseDuration(String text)
    {
        try {
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            if (text.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(text.substring(0, text.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(text));
        }
        catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("throttle \"" + text + "\" is not a duration such as 250ms or 1s");
        }
    }

    private static Set<String> list(String text)
    {
        Set<String> values = new LinkedHashSet<>();
        if (text != null) {
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    boolean accepts(MarketEvent event)
    {
        if (!types.isEmpty() && !types.contains(event.type())) {
            return false;
        }
        return symbols.isEmpty() || event.instrument() == null || symbols.contains(event.instrument().symbol());
    }
}
