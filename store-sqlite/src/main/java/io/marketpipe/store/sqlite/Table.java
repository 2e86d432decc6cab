package io.marketpipe.store.sqlite;

import java.util.List;
import java.util.Locale;

/**
 * The tables events are written to, with what retention needs to know about each: the column
 * holding event time (epoch ms) and the columns that identify one series of rows.
 */
enum Table
{
    TRADES("trades", "ts", List.of("instrument_id")),
    CANDLES("candles", "open_time", List.of("instrument_id", "interval", "source")),
    QUOTES("quotes", "ts", List.of("instrument_id")),
    TICKERS("tickers", "ts", List.of("instrument_id")),
    FUNDING("funding", "ts", List.of("instrument_id")),
    BOOKS("books", "ts", List.of("instrument_id")),
    DIVIDENDS("dividends", "ts", List.of("instrument_id")),
    SPLITS("splits", "ts", List.of("instrument_id")),
    STATUS("source_status", "ts", List.of());

    private final String sqlName;
    private final String timeColumn;
    private final List<String> seriesColumns;

    Table(String sqlName, String timeColumn, List<String> seriesColumns)
    {
        this.sqlName = sqlName;
        this.timeColumn = timeColumn;
        this.seriesColumns = seriesColumns;
    }

    /**
     * @return the name used in configuration ({@code tables}, {@code retention.<name>})
     */
    String configName()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    String sqlName()
    {
        return sqlName;
    }

    String timeColumn()
    {
        return timeColumn;
    }

    /**
     * @return the columns whose values identify one series, for {@code max-rows}; empty when
     *         the table has no series
     */
    List<String> seriesColumns()
    {
        return seriesColumns;
    }

    static Table fromConfigName(String name)
    {
        for (Table table : values()) {
            if (table.configName().equals(name.trim().toLowerCase(Locale.ROOT))) {
                return table;
            }
        }
        throw new IllegalArgumentException("unknown table \"" + name + "\"; expected any of trades, candles, quotes, tickers, funding, books, dividends, splits, status");
    }
}
