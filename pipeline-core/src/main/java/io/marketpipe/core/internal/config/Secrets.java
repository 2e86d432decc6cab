package io.marketpipe.core.internal.config;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Decides which configuration values are secret and must never be printed or logged: every key
 * whose name looks like a credential (including client settings such as Kafka's
 * {@code basic.auth.user.info}), and every path a plugin read through
 * {@link io.marketpipe.api.config.PluginConfig#getSecret(String)}. Values are also masked by their
 * shape wherever they sit: {@code password="..."} inside a JAAS line, {@code user:password@} in a URL.
 */
public final class Secrets
{
    /** What a masked value is printed as. */
    public static final String MASK = "******";

    private static final Pattern SECRET_NAME = Pattern.compile(".*(secret|password|passphrase|api-?key|token|private-?key|credentials?)$");
    // a path ending like this (the key may itself contain dots, as client settings do)
    private static final Pattern SECRET_PATH = Pattern.compile(".*user[.-]?info$");
    // key=value and key="value" pairs naming a credential, as in a JAAS line
    private static final Pattern SECRET_ASSIGNMENT = Pattern.compile(
            "(?i)\\b([a-z.-]*(?:password|passphrase|secret|token|api-?key|credentials?))(\\s*=\\s*)(\"[^\"]*\"|'[^']*'|[^\\s;,\"']+)");
    // scheme://user:password@host
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://[^/:@\\s]*):([^/@\\s]*)@");
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
        String normalized = path.replace("\"", "").toLowerCase(Locale.ROOT).replace('_', '-');
        if (SECRET_PATH.matcher(normalized).matches()) {
            return true;
        }
        int dot = normalized.lastIndexOf('.');
        return SECRET_NAME.matcher(normalized.substring(dot + 1)).matches();
    }

    /**
     * @return the text with the credentials it carries masked: the value of a {@code password=}
     *         (or secret, token, ...) assignment, the password of a URL's {@code user:password@}
     */
    public static String maskInText(String text)
    {
        String masked = SECRET_ASSIGNMENT.matcher(text).replaceAll(match -> {
            String value = match.group(3);
            String quote = value.startsWith("\"") || value.startsWith("'") ? value.substring(0, 1) : "";
            return java.util.regex.Matcher.quoteReplacement(match.group(1) + match.group(2) + quote + MASK + quote);
        });
        return URL_PASSWORD.matcher(masked).replaceAll(match -> java.util.regex.Matcher.quoteReplacement(match.group(1) + ":" + MASK + "@"));
    }

    static void markSecret(String path)
    {
        READ_AS_SECRET.add(path);
    }
}
