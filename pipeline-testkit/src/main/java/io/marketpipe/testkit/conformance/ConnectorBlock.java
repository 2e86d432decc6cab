package io.marketpipe.testkit.conformance;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One connector's configuration block, built in code and rendered as HOCON for
 * {@code marketpipe.connectors}. Immutable: {@link #with} returns a new block.
 *
 * <pre>{@code
 * ConnectorBlock.of("binance")
 *         .with("market", "spot")
 *         .with("symbols", List.of("BTC/USDT"))
 *         .with("ws-url", venue.wsUrl())
 *         .toHocon();
 * // { "type" = "binance", "market" = "spot", "symbols" = ["BTC/USDT"], "ws-url" = "ws://127.0.0.1:40123" }
 * }</pre>
 *
 * Values are strings, numbers, booleans, lists of values, or maps of keys to values (nested blocks).
 */
public final class ConnectorBlock
{
    private final Map<String, Object> values;

    private ConnectorBlock(Map<String, Object> values)
    {
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param type the connector type, e.g. {@code binance}
     */
    public static ConnectorBlock of(String type)
    {
        requireNonNull(type, "type is null");
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("type", type);
        return new ConnectorBlock(values);
    }

    /**
     * @return a block with the key set to the value, replacing an earlier value
     * @throws IllegalArgumentException when the value cannot be rendered as HOCON
     */
    public ConnectorBlock with(String key, Object value)
    {
        requireNonNull(key, "key is null");
        requireNonNull(value, "value is null");
        // fails here, naming the value, rather than later when the block is rendered
        render(value, new StringBuilder());
        Map<String, Object> copy = new LinkedHashMap<>(values);
        copy.put(key, value);
        return new ConnectorBlock(copy);
    }

    public String type()
    {
        return (String) values.get("type");
    }

    /**
     * @return the value of the key, as given
     */
    public Optional<Object> get(String key)
    {
        return Optional.ofNullable(values.get(key));
    }

    /**
     * @return the canonical symbols of the {@code symbols} key, or an empty list when it has none
     */
    public List<String> symbols()
    {
        Object symbols = values.get("symbols");
        if (symbols instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return symbols == null ? List.of() : List.of(String.valueOf(symbols));
    }

    /**
     * @return the block as a HOCON object
     */
    public String toHocon()
    {
        StringBuilder out = new StringBuilder();
        render(values, out);
        return out.toString();
    }

    @Override
    public String toString()
    {
        return toHocon();
    }

    private static void render(Object value, StringBuilder out)
    {
        if (value instanceof String text) {
            quote(text, out);
        }
        else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        }
        else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) {
                    out.append(", ");
                }
                render(requireNonNull(list.get(i), "list element is null"), out);
            }
            out.append(']');
        }
        else if (value instanceof Map<?, ?> map) {
            out.append("{ ");
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!first) {
                    out.append(", ");
                }
                first = false;
                quote(String.valueOf(entry.getKey()), out);
                out.append(" = ");
                render(requireNonNull(entry.getValue(), "map value is null"), out);
            }
            out.append(" }");
        }
        else {
            throw new IllegalArgumentException("cannot render a " + value.getClass().getName() + " as HOCON: " + value);
        }
    }

    private static void quote(String text, StringBuilder out)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            }
            else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            }
            else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
