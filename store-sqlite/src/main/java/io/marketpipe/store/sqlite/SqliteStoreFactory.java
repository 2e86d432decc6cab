package io.marketpipe.store.sqlite;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;

import java.io.UncheckedIOException;

/**
 * Creates a {@link SqliteStore} for every {@code type = sqlite} block, or a
 * {@link SqliteReadOnlyStore} when the store is opened only for queries; a relative {@code path}
 * resolves against the runtime's data directory.
 */
final class SqliteStoreFactory
        implements StoreFactory
{
    static final String TYPE = "sqlite";

    @Override
    public String type()
    {
        return TYPE;
    }

    /**
     * @throws ConfigurationException naming the {@code path} key when the file cannot be opened
     *         as a marketpipe database (a missing directory that cannot be created, no permission,
     *         not a database, a schema newer than this release knows)
     */
    @Override
    public Store create(PluginConfig config, StoreContext context)
    {
        SqliteStoreConfig settings = SqliteStoreConfig.from(config, context.dataDirectory());
        try {
            return context.readOnly()
                    ? SqliteReadOnlyStore.open(settings, context.name())
                    : SqliteStore.open(settings, context.name(), context.metrics());
        }
        catch (UncheckedIOException e) {
            throw new ConfigurationException(config.path() + ".path", e.getCause().getMessage(), e.getCause());
        }
    }
}
