package io.marketpipe.core.internal.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints configuration as HOCON with every secret masked ({@link Secrets}): values at secret
 * paths whole, and the credentials inside other values (a password in a JAAS line, the password of
 * a {@code user:password@} URL).
 */
public final class ConfigRenderer
{
    private static final ConfigRenderOptions OPTIONS = ConfigRenderOptions.defaults()
            .setOriginComments(false)
            .setComments(false)
            .setJson(false)
            .setFormatted(true);

    // scheme://user:password@ : the password is what masking replaces

    private ConfigRenderer() {}

    /**
     * @return the {@code marketpipe} block of the configuration, secrets masked, as a HOCON file
     *         that reads back to the same configuration (but for the masked values)
     */
    public static String render(Config config)
    {
        if (!config.hasPath("marketpipe")) {
            return "marketpipe {}";
        }
        ConfigValue block = masked("marketpipe", config.getConfig("marketpipe").root());
        return ConfigFactory.empty().withValue("marketpipe", block).root().render(OPTIONS).strip();
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
        if (value.unwrapped() instanceof String text) {
            String masked = Secrets.maskInText(text);
            return masked.equals(text) ? value : ConfigValueFactory.fromAnyRef(masked);
        }
        return value;
    }
}
