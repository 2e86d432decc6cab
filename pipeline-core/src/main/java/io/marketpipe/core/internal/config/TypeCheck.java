package io.marketpipe.core.internal.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;
import io.marketpipe.api.config.ConfigurationException;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks configured values against the type of their default. Stricter than Typesafe's
 * {@code checkValid}, which lets a string stand for anything: here a number must read as a number,
 * a boolean as a boolean, a duration default ({@code 30s}) needs a duration. A list default also
 * accepts a single string (read as a one-element list).
 */
final class TypeCheck
{
    private static final Set<String> BOOLEANS = Set.of("true", "false", "yes", "no", "on", "off");

    private TypeCheck() {}

    /**
     * @param path the full path of {@code actual}, for messages
     * @param skipKeys keys of this object not to descend into (checked elsewhere)
     */
    static void check(String path, ConfigObject actual, ConfigObject reference, Set<String> skipKeys)
    {
        for (Map.Entry<String, ConfigValue> entry : actual.entrySet()) {
            ConfigValue expected = reference.get(entry.getKey());
            if (expected != null && !skipKeys.contains(entry.getKey())) {
                check(path + "." + entry.getKey(), entry.getValue(), expected);
            }
        }
    }

    private static void check(String path, ConfigValue actual, ConfigValue expected)
    {
        ConfigValueType type = actual.valueType();
        switch (expected.valueType()) {
            case NULL:
                return;
            case OBJECT:
                if (type != ConfigValueType.OBJECT) {
                    throw wrong(path, "a block { ... }", actual);
                }
                if (!((ConfigObject) expected).isEmpty()) {
                    check(path, (ConfigObject) actual, (ConfigObject) expected, Set.of());
                }
                return;
            case LIST:
                if (type != ConfigValueType.LIST && type != ConfigValueType.STRING) {
                    throw wrong(path, "a list [ ... ]", actual);
                }
                return;
            case NUMBER:
                if (type != ConfigValueType.NUMBER && !(type == ConfigValueType.STRING && isNumber((String) actual.unwrapped()))) {
                    throw wrong(path, "a number", actual);
                }
                return;
            case BOOLEAN:
                if (type != ConfigValueType.BOOLEAN && !(type == ConfigValueType.STRING && BOOLEANS.contains(((String) actual.unwrapped()).toLowerCase(Locale.ROOT)))) {
                    throw wrong(path, "true or false", actual);
                }
                return;
            case STRING:
                if (type == ConfigValueType.OBJECT || type == ConfigValueType.LIST) {
                    throw wrong(path, "a single value", actual);
                }
                if (isDuration(expected) && !isDuration(actual)) {
                    throw wrong(path, "a duration such as 500ms, 30s, 5m", actual);
                }
                return;
            default:
                throw new IllegalStateException("unexpected value type " + expected.valueType());
        }
    }

    private static boolean isNumber(String text)
    {
        try {
            new BigDecimal(text.trim());
            return true;
        }
        catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isDuration(ConfigValue value)
    {
        if (value.valueType() == ConfigValueType.NUMBER) {
            return true;
        }
        if (value.valueType() != ConfigValueType.STRING || !((String) value.unwrapped()).matches("\\s*[0-9.]+\\s*[a-zA-Z]+\\s*")) {
            return false;
        }
        try {
            ConfigFactory.empty().withValue("d", ConfigValueFactory.fromAnyRef(value.unwrapped())).getDuration("d");
            return true;
        }
        catch (ConfigException.BadValue e) {
            return false;
        }
    }

    private static ConfigurationException wrong(String path, String expected, ConfigValue actual)
    {
        return new ConfigurationException(path, "expected " + expected + ", got " + actual.valueType().name().toLowerCase(Locale.ROOT) + " " + actual.render());
    }
}
