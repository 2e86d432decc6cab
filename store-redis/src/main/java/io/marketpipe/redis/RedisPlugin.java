package io.marketpipe.redis;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * The real-time cache other processes read: the store {@code type = redis} keeps the latest book,
 * quote and ticker of every instrument, recent candles and recent trades in Redis.
 */
public final class RedisPlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "redis";
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new RedisStoreFactory());
    }
}
