package io.marketpipe.store.sqlite;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * The embedded default store: {@code type = sqlite}, one SQLite file that answers queries.
 */
public final class SqlitePlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "sqlite";
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new SqliteStoreFactory());
    }
}
