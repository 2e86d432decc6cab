package io.marketpipe.redis;

import com.codahale.metrics.MetricRegistry;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.model.Candle;
import io.marketpipe.api.model.CandleInterval;
import io.marketpipe.api.model.CandleSource;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.PipelineParts;
import redis.clients.jedis.Jedis;

import java.net.URI;

/**
 * Builds stores, events and plain clients for the tests: configuration goes through the same
 * defaults and validation as in the runtime.
 */
final class RedisStores
{
    static final Instrument SPOT = Instrument.spot("binance", "BTCUSDT", "BTC", "USDT");
    static final CandleInterval MINUTE = CandleInterval.parse("1m");

    private RedisStores() {}

    /**
     * @return the block {@code marketpipe.stores[0]} merged with the module's defaults and validated
     * @param hocon keys of the store block besides {@code type}, may be empty
     */
    static PluginConfig pluginConfig(String hocon)
    {
        Config defaults = ConfigFactory.parseResources(RedisStores.class.getClassLoader(), "reference.conf").getConfig("marketpipe.defaults.store.redis");
        Config block = ConfigFactory.parseString("type = redis\n" + hocon);
        return PipelineParts.pluginConfig("marketpipe.stores[0]", block, defaults);
    }

    static RedisStoreConfig config(String hocon)
    {
        return RedisStoreConfig.from(pluginConfig(hocon));
    }

    /**
     * Opens a store on the server with the block's other keys, its metrics in {@code metrics}.
     */
    static RedisStore open(RedisServer server, String hocon, MetricRegistry metrics)
    {
        RedisStoreConfig config = config("uri = \"" + server.uri() + "\"\n" + hocon);
        return new RedisStore("test", config, RedisStoreFactory.client(config, "marketpipe-test"), PipelineParts.metrics(metrics, "store.test"));
    }

    static long count(MetricRegistry metrics, String name)
    {
        return metrics.counter("store.test." + name).getCount();
    }

    /**
     * A plain client, as another process would read with.
     */
    static Jedis client(RedisServer server)
    {
        return new Jedis(URI.create(server.uri()));
    }

    static Trade trade(long id, long millis)
    {
        return new Trade(SPOT, millis * 1_000_000, millis * 1_000_000 + 123, Long.toString(id), Decimal.parse("61837.63000000"), Decimal.parse("0.00120000"),
                id % 2 == 0 ? Side.SELL : Side.BUY, false);
    }

    static Candle candle(long openTime, String close, boolean closed, int revision)
    {
        Decimal price = Decimal.parse(close);
        return new Candle(SPOT, 0, openTime * 1_000_000, MINUTE, openTime, price, price, price, price, Decimal.parse("1.5"), null, 3, null, null, null,
                CandleSource.BUILT, closed, revision);
    }
}
