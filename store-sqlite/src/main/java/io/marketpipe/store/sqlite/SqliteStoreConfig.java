package io.marketpipe.store.sqlite;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static java.util.Objects.requireNonNull;

/**
 * The validated settings of one {@code type = sqlite} block. Every key and its default is in the
 * module's {@code reference.conf}.
 *
 * @param path the database file, absolute
 * @param tables what is stored
 * @param batchSize rows committed in one transaction at most
 * @param flushInterval how long a row waits at most before its transaction commits
 * @param bufferSize rows waiting for the writer thread at most
 * @param synchronous {@code NORMAL} or {@code FULL}
 * @param busyTimeout how long a write waits for another process's lock before it retries
 * @param closeTimeout how long closing waits for the writer to commit what waits
 * @param checkOnOpen the integrity check run on an existing database before writing to it:
 *        {@code quick_check}, {@code integrity_check}, or none (empty)
 * @param openCandles whether candles still open are stored
 * @param quoteSample the least event time between two stored quotes of an instrument
 * @param tickerSample the least event time between two stored tickers of an instrument
 * @param bookInterval the least event time between two stored books of an instrument
 * @param bookDepth levels per side stored with a book
 * @param retentionInterval how often retention runs
 * @param retention the limits of each table
 */
record SqliteStoreConfig(
        Path path,
        Set<Table> tables,
        int batchSize,
        Duration flushInterval,
        int bufferSize,
        String synchronous,
        Duration busyTimeout,
        Duration closeTimeout,
        String checkOnOpen,
        boolean openCandles,
        Duration quoteSample,
        Duration tickerSample,
        Duration bookInterval,
        int bookDepth,
        Duration retentionInterval,
        Map<Table, Retention> retention)
{
    /**
     * The limits of one table; zero means no limit.
     *
     * @param maxAge rows older than this are deleted
     * @param maxRows the newest rows kept per series
     */
    record Retention(Duration maxAge, long maxRows)
    {
        static final Retention NONE = new Retention(Duration.ZERO, 0);

        Retention
        {
            requireNonNull(maxAge, "maxAge is null");
        }

        boolean limited()
        {
            return !maxAge.isZero() || maxRows > 0;
        }
    }

    SqliteStoreConfig
    {
        requireNonNull(path, "path is null");
        tables = Collections.unmodifiableSet(tables.isEmpty() ? EnumSet.noneOf(Table.class) : EnumSet.copyOf(tables));
        requireNonNull(flushInterval, "flushInterval is null");
        requireNonNull(synchronous, "synchronous is null");
        requireNonNull(busyTimeout, "busyTimeout is null");
        requireNonNull(closeTimeout, "closeTimeout is null");
        requireNonNull(checkOnOpen, "checkOnOpen is null");
        requireNonNull(quoteSample, "quoteSample is null");
        requireNonNull(tickerSample, "tickerSample is null");
        requireNonNull(bookInterval, "bookInterval is null");
        requireNonNull(retentionInterval, "retentionInterval is null");
        retention = Collections.unmodifiableMap(new EnumMap<>(retention));
    }

    /**
     * @param dataDirectory where a relative {@code path} resolves
     * @throws ConfigurationException naming the path of the first invalid value
     */
    static SqliteStoreConfig from(PluginConfig config, Path dataDirectory)
    {
        String at = config.path();
        Set<Table> tables = EnumSet.noneOf(Table.class);
        for (String name : config.getStringList("tables")) {
            try {
                tables.add(Table.fromConfigName(name));
            }
            catch (IllegalArgumentException e) {
                throw new ConfigurationException(at + ".tables", e.getMessage());
            }
        }
        String checkOnOpen = switch (config.getString("check-on-open").trim().toLowerCase(Locale.ROOT)) {
            case "quick" -> "quick_check";
            case "full" -> "integrity_check";
            case "off" -> "";
            default -> throw new ConfigurationException(at + ".check-on-open", "expected quick, full or off, got \"" + config.getString("check-on-open") + "\"");
        };
        String synchronous = config.getString("synchronous").trim().toUpperCase(Locale.ROOT);
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw new ConfigurationException(at + ".synchronous", "expected normal or full, got \"" + config.getString("synchronous") + "\"");
        }
        Map<Table, Retention> retention = new EnumMap<>(Table.class);
        PluginConfig limits = config.getConfig("retention");
        for (Table table : Table.values()) {
            PluginConfig limit = limits.getConfig(table.configName());
            Duration maxAge = nonNegative(at + ".retention." + table.configName() + ".max-age", limit.getDuration("max-age"));
            long maxRows = limit.has("max-rows") ? limit.getLong("max-rows") : 0;
            if (maxRows < 0) {
                throw new ConfigurationException(at + ".retention." + table.configName() + ".max-rows", "must not be negative, got " + maxRows);
            }
            retention.put(table, new Retention(maxAge, maxRows));
        }
        String file = config.getString("path");
        if (file.isBlank()) {
            throw new ConfigurationException(at + ".path", "must name the database file");
        }
        return new SqliteStoreConfig(
                dataDirectory.resolve(file).toAbsolutePath().normalize(),
                tables,
                atLeast(at + ".batch-size", config.getInt("batch-size"), 1),
                positive(at + ".flush-interval", config.getDuration("flush-interval")),
                atLeast(at + ".buffer-size", config.getInt("buffer-size"), 16),
                synchronous,
                nonNegative(at + ".busy-timeout", config.getDuration("busy-timeout")),
                positive(at + ".close-timeout", config.getDuration("close-timeout")),
                checkOnOpen,
                config.getBoolean("open-candles"),
                nonNegative(at + ".quotes.sample", config.getConfig("quotes").getDuration("sample")),
                nonNegative(at + ".tickers.sample", config.getConfig("tickers").getDuration("sample")),
                nonNegative(at + ".books.interval", config.getConfig("books").getDuration("interval")),
                atLeast(at + ".books.depth", config.getConfig("books").getInt("depth"), 1),
                positive(at + ".retention.interval", limits.getDuration("interval")),
                retention);
    }

    private static int atLeast(String path, int value, int minimum)
    {
        if (value < minimum) {
            throw new ConfigurationException(path, "must be at least " + minimum + ", got " + value);
        }
        return value;
    }

    private static Duration positive(String path, Duration value)
    {
        if (value.isZero() || value.isNegative()) {
            throw new ConfigurationException(path, "must be positive, got " + value);
        }
        return value;
    }

    private static Duration nonNegative(String path, Duration value)
    {
        if (value.isNegative()) {
            throw new ConfigurationException(path, "must not be negative, got " + value);
        }
        return value;
    }
}
