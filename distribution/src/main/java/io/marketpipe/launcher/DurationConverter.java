package io.marketpipe.launcher;

import picocli.CommandLine;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, {@code 1d}, or an ISO-8601 duration.
 */
final class DurationConverter
        implements CommandLine.ITypeConverter<Duration>
{
    private static final Pattern SIMPLE = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    @Override
    public Duration convert(String value)
    {
        Matcher matcher = SIMPLE.matcher(value.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            switch (matcher.group(2)) {
                case "ms": return Duration.ofMillis(amount);
                case "s": return Duration.ofSeconds(amount);
                case "m": return Duration.ofMinutes(amount);
                case "h": return Duration.ofHours(amount);
                default: return Duration.ofDays(amount);
            }
        }
        try {
            return Duration.parse(value);
        }
        catch (RuntimeException e) {
            throw new CommandLine.TypeConversionException("not a duration: '" + value + "' (expected e.g. 30s, 10m, 2h)");
        }
    }
}
