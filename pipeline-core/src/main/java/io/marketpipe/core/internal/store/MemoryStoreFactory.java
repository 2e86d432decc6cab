package io.marketpipe.core.internal.store;

import io.marketpipe.api.config.ConfigurationException;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * Creates the in-memory store, {@code type = memory}: the latest events of each instrument and
 * type in bounded buffers, answering queries, with no persistence. The capacities are the
 * {@code capacity} block of its defaults in the core's {@code reference.conf}.
 */
public final class MemoryStoreFactory
        implements StoreFactory
{
    public static final String TYPE = "memory";

    @Override
    public String type()
    {
        return TYPE;
    }

    /**
     * @throws ConfigurationException naming the path of a negative capacity
     */
    @Override
    public Store create(PluginConfig config, StoreContext context)
    {
        PluginConfig capacity = config.getConfig("capacity");
        Map<String, Integer> capacities = new HashMap<>();
        for (String type : capacity.keys()) {
            int value = capacity.getInt(type);
            if (value < 0) {
                throw new ConfigurationException(capacity.path() + "." + type, "must not be negative, got " + value);
            }
            capacities.put(type, value);
        }
        return new MemoryStore(capacities);
    }
}
