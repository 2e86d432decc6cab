package io.marketpipe.api.store;

import io.marketpipe.api.metrics.Metrics;

import java.nio.file.Path;

/**
 * Host services for a store. Optional services throw {@link UnsupportedOperationException} by
 * default.
 *
 * @since 0.1
 */
public interface StoreContext
{
    /**
     * @return the instance name, unique in the runtime
     */
    String name();

    /**
     * @return the directory relative paths in store configuration resolve against
     */
    default Path dataDirectory()
    {
        return Path.of(".");
    }

    /**
     * @return metrics scoped to this store instance
     */
    default Metrics metrics()
    {
        return Metrics.NOOP;
    }

    /**
     * @return true when the store is opened only to answer queries: it must not create, migrate
     *         or write anything, and a store that holds nothing yet should say so rather than
     *         create itself
     * @since 0.2
     */
    default boolean readOnly()
    {
        return false;
    }
}
