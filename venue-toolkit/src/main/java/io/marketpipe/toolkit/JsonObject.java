package io.marketpipe.toolkit;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed JSON object whose getters name the missing or mistyped field when they fail, so every
 * frame that cannot be decoded says why. Values are {@link String}, {@link Long} (integers that
 * fit), {@link BigDecimal} (other numbers, read from their text, never through {@code double}),
 * {@link Boolean}, {@link List}, {@link JsonObject} or null.
 *
 * <p>Decimals are read exactly from JSON strings ({@code "0.10"}, Binance, OKX) and from JSON
 * numbers ({@code 0.10}, Kraken v2, Yahoo) alike; a number whose exponent or precision is beyond
 * what {@link Decimal} holds is a {@link DecodeException}, not a runtime failure.
 */
public final class JsonObject
{
    private static final JsonFactory FACTORY = new JsonFactory();

    // objects larger than this are also indexed by a map, which costs more than a scan of a few names
    private static final int SCANNED_FIELDS = 16;

    // the fields in document order, a name that repeats holding its last value; filled while parsing only
    private String[] names = new String[8];
    private Object[] values = new Object[8];
    private int size;
    private Map<String, Integer> index;

    private JsonObject() {}

    private void put(String name, Object value)
    {
        int at = indexOf(name);
        if (at >= 0) {
            values[at] = value;
            return;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        names[size] = name;
        values[size] = value;
        if (index != null) {
            index.put(name, size);
        }
        else if (size == SCANNED_FIELDS) {
            index = new HashMap<>();
            for (int i = 0; i <= size; i++) {
                index.put(names[i], i);
            }
        }
        size++;
    }

    private int indexOf(String name)
    {
        if (index != null) {
            Integer at = index.get(name);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            // parsed names are interned, as are the literals callers ask for
            if (names[i] == name || names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    private Object value(String name)
    {
        int at = indexOf(name);
        return at < 0 ? null : values[at];
    }

    /**
     * @return the parsed document: a {@link JsonObject}, a {@link List} or a scalar
     */
    public static Object parse(String text)
            throws DecodeException
    {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new DecodeException("empty frame");
            }
            Object value = readValue(parser, token);
            if (parser.nextToken() != null) {
                throw new DecodeException("trailing content after the JSON value");
            }
            return value;
        }
        catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            // Jackson appends where an unclosed object began, which says nothing more here
            int marker = message.indexOf(" (start marker");
            String location = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new DecodeException("malformed JSON" + location + ": " + (marker > 0 ? message.substring(0, marker) : message), e);
        }
        catch (IOException e) {
            throw new DecodeException("malformed JSON: " + e.getMessage(), e);
        }
    }

    public static JsonObject parseObject(String text)
            throws DecodeException
    {
        Object value = parse(text);
        if (!(value instanceof JsonObject)) {
            throw new DecodeException("expected a JSON object, got " + describe(value));
        }
        return (JsonObject) value;
    }

    private static Object readValue(JsonParser parser, JsonToken token)
            throws IOException
    {
        switch (token) {
            case START_OBJECT:
                JsonObject object = new JsonObject();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    object.put(name, readValue(parser, parser.nextToken()));
                }
                return object;
            case START_ARRAY:
                List<Object> elements = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    elements.add(readValue(parser, next));
                }
                return elements;
            case VALUE_STRING:
                return parser.getText();
            case VALUE_NUMBER_INT:
                JsonParser.NumberType type = parser.getNumberType();
                return type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG ? parser.getLongValue() : parser.getDecimalValue();
            case VALUE_NUMBER_FLOAT:
                return parser.getDecimalValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw new IOException("unexpected token " + token);
        }
    }

    /**
     * @return true when the field is present and not null
     */
    public boolean has(String name)
    {
        return value(name) != null;
    }

    /**
     * @return true when the field is present, even as null
     */
    public boolean hasKey(String name)
    {
        return indexOf(name) >= 0;
    }

    /**
     * @return the object's field names, for answers keyed by a venue's names (Kraken's REST results)
     */
    public Set<String> names()
    {
        return Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList(names).subList(0, size)));
    }

    public Object get(String name)
    {
        return value(name);
    }

    public String string(String name)
            throws DecodeException
    {
        Object value = required(name);
        if (!(value instanceof String)) {
            throw mistyped(name, "a string", value);
        }
        return (String) value;
    }

    /**
     * @return the string, or null when absent, null or empty
     */
    public String optionalString(String name)
            throws DecodeException
    {
        Object value = value(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw mistyped(name, "a string", value);
        }
        return ((String) value).isEmpty() ? null : (String) value;
    }

    public long longValue(String name)
            throws DecodeException
    {
        Object value = required(name);
        if (value instanceof Long) {
            return (Long) value;
        }
        if (value instanceof String) {
            try {
                return Long.parseLong((String) value);
            }
            catch (NumberFormatException e) {
                throw mistyped(name, "an integer", value);
            }
        }
        throw mistyped(name, "an integer", value);
    }

    public long longValue(String name, long fallback)
            throws DecodeException
    {
        return has(name) ? longValue(name) : fallback;
    }

    public boolean booleanValue(String name)
            throws DecodeException
    {
        Object value = required(name);
        if (!(value instanceof Boolean)) {
            throw mistyped(name, "true or false", value);
        }
        return (Boolean) value;
    }

    public Decimal decimal(String name)
            throws DecodeException
    {
        return toDecimal(name, required(name));
    }

    /**
     * @return the decimal, or null when absent, null or an empty string
     */
    public Decimal optionalDecimal(String name)
            throws DecodeException
    {
        Object value = value(name);
        if (value == null || "".equals(value)) {
            return null;
        }
        return toDecimal(name, value);
    }

    public JsonObject object(String name)
            throws DecodeException
    {
        Object value = required(name);
        if (!(value instanceof JsonObject)) {
            throw mistyped(name, "an object", value);
        }
        return (JsonObject) value;
    }

    public List<?> array(String name)
            throws DecodeException
    {
        Object value = required(name);
        if (!(value instanceof List)) {
            throw mistyped(name, "an array", value);
        }
        return (List<?>) value;
    }

    /**
     * Reads {@code [["price", "qty", ...], ...]} levels: the first two elements of each row, as
     * strings or numbers; further elements (OKX's order counts) are ignored.
     */
    public List<PriceLevel> levels(String name)
            throws DecodeException
    {
        List<?> rows = array(name);
        List<PriceLevel> levels = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (!(row instanceof List) || ((List<?>) row).size() < 2) {
                throw new DecodeException("field '" + name + "' holds " + describe(row) + " where a [price, quantity] pair belongs");
            }
            List<?> pair = (List<?>) row;
            levels.add(new PriceLevel(toDecimal(name, pair.get(0)), toDecimal(name, pair.get(1))));
        }
        return levels;
    }

    public static Decimal toDecimal(String name, Object value)
            throws DecodeException
    {
        try {
            if (value instanceof String) {
                return Decimal.parse((String) value);
            }
            if (value instanceof Long) {
                return Decimal.valueOf((Long) value);
            }
            if (value instanceof BigDecimal) {
                return Decimal.valueOf((BigDecimal) value);
            }
        }
        catch (NumberFormatException | ArithmeticException e) {
            throw new DecodeException("field '" + name + "' is not a decimal: " + describe(value));
        }
        throw mistyped(name, "a decimal", value);
    }

    private Object required(String name)
            throws DecodeException
    {
        Object value = value(name);
        if (value == null) {
            throw new DecodeException("missing field '" + name + "'");
        }
        return value;
    }

    private static DecodeException mistyped(String name, String expected, Object value)
    {
        return new DecodeException("field '" + name + "' should be " + expected + ", got " + describe(value));
    }

    public static String describe(Object value)
    {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            String text = (String) value;
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "\"";
        }
        if (value instanceof JsonObject) {
            return "an object";
        }
        if (value instanceof List) {
            return "an array";
        }
        return value.toString();
    }
}
