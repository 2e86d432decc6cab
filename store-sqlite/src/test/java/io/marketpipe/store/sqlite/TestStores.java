package io.marketpipe.store.sqlite;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.MarketKind;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.PipelineParts;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.LongStream;

/**
 * Builds stores and events for the tests: configuration goes through the same defaults and
 * validation as in the runtime.
 */
final class TestStores
{
    static final Instrument SPOT = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    static final Instrument PERPETUAL = Instrument.builder("binance", "usdm", "BTCUSDT")
            .base("BTC").quote("USDT").settle("USDT").kind(MarketKind.PERPETUAL)
            .tickSize(Decimal.parse("0.10")).lotSize(Decimal.parse("0.001"))
            .build();
    static final CandleInterval MINUTE = CandleInterval.parse("1m");

    private TestStores() {}

    /**
     * @param hocon keys of the store block besides {@code type} and {@code path}, may be empty
     */
    static SqliteStoreConfig config(Path file, String hocon)
    {
        return SqliteStoreConfig.from(pluginConfig(file, hocon), file.getParent());
    }

    /**
     * @return the block {@code marketpipe.stores[0]} merged with the module's defaults and validated
     */
    static PluginConfig pluginConfig(Path file, String hocon)
    {
        Config defaults = ConfigFactory.parseResources(TestStores.class.getClassLoader(), "reference.conf").getConfig("marketpipe.defaults.store.sqlite");
        Config block = ConfigFactory.parseString("type = sqlite\npath = \"" + file.toString().replace("\\", "\\\\") + "\"\n" + hocon);
        return PipelineParts.pluginConfig("marketpipe.stores[0]", block, defaults);
    }

    static SqliteStore open(Path file, String hocon)
    {
        return SqliteStore.open(config(file, hocon), "test", Metrics.NOOP);
    }

    static SqliteStore open(Path file, String hocon, LongSupplier clockMillis)
    {
        return SqliteStore.open(config(file, hocon), "test", Metrics.NOOP, clockMillis);
    }

    /**
     * Opens the store, writes each batch and closes it, which commits what was written.
     */
    @SafeVarargs
    static void writeAndClose(Path file, String hocon, List<MarketEvent>... batches)
            throws IOException
    {
        try (SqliteStore store = open(file, hocon)) {
            for (List<MarketEvent> batch : batches) {
                store.write(batch);
            }
        }
    }

    static Trade trade(Instrument instrument, long id, long millis)
    {
        return new Trade(instrument, millis * 1_000_000, millis * 1_000_000 + 123, Long.toString(id), Decimal.parse("61837.63000000"), Decimal.parse("0.00120000"), id % 2 == 0 ? Side.SELL : Side.BUY, false);
    }

    /**
     * @return trades with ids {@code firstId..lastId}, one per second of event time from id seconds
     */
    static List<MarketEvent> trades(Instrument instrument, long firstId, long lastId)
    {
        return LongStream.rangeClosed(firstId, lastId).<MarketEvent>mapToObj(id -> trade(instrument, id, id * 1000)).toList();
    }

    static Candle candle(Instrument instrument, long openTime, String close, boolean closed, int revision)
    {
        Decimal price = Decimal.parse(close);
        return new Candle(instrument, 0, openTime * 1_000_000, MINUTE, openTime, price, price, price, price, Decimal.parse("1.5"), null, 3, null, null, null, CandleSource.BUILT, closed, revision);
    }

    /**
     * Opens a plain connection, as another tool would.
     */
    static Connection connect(Path file)
            throws SQLException
    {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    static long count(Path file, String sql)
            throws SQLException
    {
        return firstValue(file, sql, result -> result.getLong(1));
    }

    static String text(Path file, String sql)
            throws SQLException
    {
        return firstValue(file, sql, result -> result.getString(1));
    }

    private static <T> T firstValue(Path file, String sql, Column<T> column)
            throws SQLException
    {
        try (Connection connection = connect(file);
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return column.read(result);
        }
    }

    private interface Column<T>
    {
        T read(ResultSet result)
                throws SQLException;
    }
}
