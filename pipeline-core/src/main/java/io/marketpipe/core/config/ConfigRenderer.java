package io.marketpipe.core.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import com.typesafe.config.ConfigValueType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prints configuration as HOCON with every secret masked ({@link Secrets}), and the password of
 * every URI that carries one ({@code redis://user:password@host}).
 */
public final class ConfigRenderer
{
    private static final ConfigRenderOptions OPTIONS = ConfigRenderOptions.defaults()
            .setOriginComments(false)
            .setComments(false)
            .setJson(false)
            .setFormatted(true);

    // scheme://user:password@ : the password is what masking replaces
    private static final Pattern URI_PASSWORD = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*:)[^/@]*@");

    private ConfigRenderer() {}

    /**
     * @return the {@code marketpipe} block of the configuration, secrets masked
     */
    public static String render(Config config)
    {
        if (!config.hasPath("marketpipe")) {
            return "marketpipe {}";
        }
        return "marketpipe " + renderBlock("marketpipe", config.getConfig("marketpipe").root());
    }

    static String renderBlock(String path, ConfigObject block)
    {
        return masked(path, block).render(OPTIONS).strip();
    }

    private static ConfigValue masked(String path, ConfigValue value)
    {
        if (value instanceof ConfigObject object) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<String, ConfigValue> entry : object.entrySet()) {
                copy.put(entry.getKey(), masked(path + "." + entry.getKey(), entry.getValue()));
            }
            return ConfigValueFactory.fromMap(copy);
        }
        if (value instanceof ConfigList list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                copy.add(masked(path + "[" + i + "]", list.get(i)));
            }
            return ConfigValueFactory.fromIterable(copy);
        }
        if (Secrets.isSecret(path)) {
            return ConfigValueFactory.fromAnyRef(Secrets.MASK);
        }
        if (value.valueType() == ConfigValueType.STRING) {
            Matcher password = URI_PASSWORD.matcher((String) value.unwrapped());
            if (password.find()) {
                return ConfigValueFactory.fromAnyRef(password.replaceFirst(Matcher.quoteReplacement(password.group(1) + Secrets.MASK + "@")));
            }
        }
        return value;
    }
}
