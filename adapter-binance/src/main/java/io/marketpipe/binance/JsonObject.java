package io.marketpipe.binance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.PriceLevel;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed JSON object whose getters name the missing or mistyped field when they fail, so every
 * frame that cannot be decoded says why. Values are {@link String}, {@link Long} (integers that
 * fit), {@link BigDecimal} (other numbers), {@link Boolean}, {@link List}, {@link JsonObject} or
 * null.
 */
final class JsonObject
{
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Map<String, Object> fields;

    private JsonObject(Map<String, Object> fields)
    {
        this.fields = fields;
    }

    /**
     * @return the parsed document: a {@link JsonObject}, a {@link List} or a scalar
     */
    static Object parse(String text)
            throws BinanceDecodeException
    {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new BinanceDecodeException("empty frame");
            }
            Object value = readValue(parser, token);
            if (parser.nextToken() != null) {
                throw new BinanceDecodeException("trailing content after the JSON value");
            }
            return value;
        }
        catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            // Jackson appends where an unclosed object began, which says nothing more here
            int marker = message.indexOf(" (start marker");
            String location = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
            throw new BinanceDecodeException("malformed JSON" + location + ": " + (marker > 0 ? message.substring(0, marker) : message), e);
        }
        catch (IOException e) {
            throw new BinanceDecodeException("malformed JSON: " + e.getMessage(), e);
        }
    }

    static JsonObject parseObject(String text)
            throws BinanceDecodeException
    {
        Object value = parse(text);
        if (!(value instanceof JsonObject)) {
            throw new BinanceDecodeException("expected a JSON object, got " + describe(value));
        }
        return (JsonObject) value;
    }

    private static Object readValue(JsonParser parser, JsonToken token)
            throws IOException
    {
        switch (token) {
            case START_OBJECT:
                Map<String, Object> fields = new HashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    fields.put(name, readValue(parser, parser.nextToken()));
                }
                return new JsonObject(fields);
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
    boolean has(String name)
    {
        return fields.get(name) != null;
    }

    /**
     * @return true when the field is present, even as null
     */
    boolean hasKey(String name)
    {
        return fields.containsKey(name);
    }

    Object get(String name)
    {
        return fields.get(name);
    }

    String string(String name)
            throws BinanceDecodeException
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
    String optionalString(String name)
            throws BinanceDecodeException
    {
        Object value = fields.get(name);
        if (value == null) {
            return null;
        }
        if (!(value instanceof String)) {
            throw mistyped(name, "a string", value);
        }
        return ((String) value).isEmpty() ? null : (String) value;
    }

    long longValue(String name)
            throws BinanceDecodeException
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

    long longValue(String name, long fallback)
            throws BinanceDecodeException
    {
        return has(name) ? longValue(name) : fallback;
    }

    boolean booleanValue(String name)
            throws BinanceDecodeException
    {
        Object value = required(name);
        if (!(value instanceof Boolean)) {
            throw mistyped(name, "true or false", value);
        }
        return (Boolean) value;
    }

    Decimal decimal(String name)
            throws BinanceDecodeException
    {
        return toDecimal(name, required(name));
    }

    /**
     * @return the decimal, or null when absent, null or an empty string
     */
    Decimal optionalDecimal(String name)
            throws BinanceDecodeException
    {
        Object value = fields.get(name);
        if (value == null || "".equals(value)) {
            return null;
        }
        return toDecimal(name, value);
    }

    JsonObject object(String name)
            throws BinanceDecodeException
    {
        Object value = required(name);
        if (!(value instanceof JsonObject)) {
            throw mistyped(name, "an object", value);
        }
        return (JsonObject) value;
    }

    List<?> array(String name)
            throws BinanceDecodeException
    {
        Object value = required(name);
        if (!(value instanceof List)) {
            throw mistyped(name, "an array", value);
        }
        return (List<?>) value;
    }

    /**
     * Reads Binance's {@code [["price", "qty"], ...]} levels.
     */
    List<PriceLevel> levels(String name)
            throws BinanceDecodeException
    {
        List<?> rows = array(name);
        List<PriceLevel> levels = new ArrayList<>(rows.size());
        for (Object row : rows) {
            if (!(row instanceof List) || ((List<?>) row).size() < 2) {
                throw new BinanceDecodeException("field '" + name + "' holds " + describe(row) + " where a [price, quantity] pair belongs");
            }
            List<?> pair = (List<?>) row;
            levels.add(new PriceLevel(toDecimal(name, pair.get(0)), toDecimal(name, pair.get(1))));
        }
        return levels;
    }

    static Decimal toDecimal(String name, Object value)
            throws BinanceDecodeException
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
        catch (NumberFormatException e) {
            throw new BinanceDecodeException("field '" + name + "' is not a decimal: " + describe(value));
        }
        throw mistyped(name, "a decimal", value);
    }

    private Object required(String name)
            throws BinanceDecodeException
    {
        Object value = fields.get(name);
        if (value == null) {
            throw new BinanceDecodeException("missing field '" + name + "'");
        }
        return value;
    }

    private static BinanceDecodeException mistyped(String name, String expected, Object value)
    {
        return new BinanceDecodeException("field '" + name + "' should be " + expected + ", got " + describe(value));
    }

    static String describe(Object value)
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
