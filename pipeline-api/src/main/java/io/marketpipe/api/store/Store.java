package io.marketpipe.api.store;

import io.marketpipe.api.model.MarketEvent;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Receives batches of canonical events. The runtime calls {@link #write} from one dedicated
 * thread per store, off the hot path, with a bounded buffer in front of it.
 *
 * @since 0.1
 */
public interface Store
        extends AutoCloseable
{
    /**
     * Writes a batch. Writing the same event twice (after a restart, a replay or a backfill)
     * should store it once where the store can tell.
     *
     * @throws IOException when the batch could not be written; the runtime counts it and retries
     *         according to its policy
     */
    void write(List<MarketEvent> batch)
            throws IOException;

    /**
     * Makes everything written so far durable. The default does nothing.
     */
    default void flush()
            throws IOException
    {
    }

    /**
     * @return the query capability, for stores that can answer queries
     */
    default Optional<StoreQueries> queries()
    {
        return Optional.empty();
    }

    @Override
    void close()
            throws IOException;
}
