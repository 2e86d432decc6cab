package io.marketpipe.launcher;

import picocli.CommandLine;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Parses a point in time to epoch milliseconds: an ISO-8601 instant ({@code 2024-08-08T23:54:13Z},
 * or with an offset), a date-time without a zone or a date ({@code 2024-08-08}, its start), both
 * taken as UTC, or epoch milliseconds.
 */
final class TimeConverter
        implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(String value)
    {
        String text = value.trim();
        try {
            if (text.matches("-?\\d+")) {
                return Long.parseLong(text);
            }
            if (!text.contains("T")) {
                return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            }
            if (text.endsWith("Z")) {
                return Instant.parse(text).toEpochMilli();
            }
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            }
            catch (DateTimeParseException withoutOffset) {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC).toEpochMilli();
            }
        }
        catch (DateTimeParseException | NumberFormatException e) {
            throw new CommandLine.TypeConversionException("not a time: '" + value
                    + "' (expected an ISO-8601 instant such as 2024-08-08T23:54:13Z, a date such as 2024-08-08 (UTC), or epoch milliseconds)");
        }
    }
}
