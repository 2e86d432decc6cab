package io.marketpipe.core.config;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides which configuration values are secret and must never be printed or logged: every key
 * whose name looks like a credential, and every path a plugin read through
 * {@link io.marketpipe.api.config.PluginConfig#getSecret(String)}.
 */
public final class Secrets
{
    /** What a masked value is printed as. */
    public static final String MASK = "******";

    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|passphrase|api-?key|token|private-?key|credentials?)$");
    private static final Set<String> READ_AS_SECRET = ConcurrentHashMap.newKeySet();

    private Secrets() {}

    /**
     * @param path a full configuration path, e.g. {@code marketpipe.connectors[0].api-key}
     * @return true when the value at that path must be masked
     */
    public static boolean isSecret(String path)
    {
        if (READ_AS_SECRET.contains(path)) {
            return true;
        }
        int dot = path.lastIndexOf('.');
        String key = path.substring(dot + 1).toLowerCase(Locale.ROOT).replace('_', '-');
        return SECRET_NAME.matcher(key).matches();
    }

    static void markSecret(String path)
    {
        READ_AS_SECRET.add(path);
    }
}
