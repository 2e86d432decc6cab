package io.marketpipe.binance;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * Registers {@link CollectingStore} as store type {@code collecting} on the test class path.
 */
public final class CollectingStorePlugin
        implements Plugin
{
    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new StoreFactory()
        {
            @Override
            public String type()
            {
                return "collecting";
            }

            @Override
            public Store create(PluginConfig config, StoreContext context)
            {
                return CollectingStore.create(context.name(), config.getLong("stall-after"), config.getDuration("stall-for"));
            }
        });
    }
}
