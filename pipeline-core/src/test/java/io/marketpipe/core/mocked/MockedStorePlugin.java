package io.marketpipe.core.mocked;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.config.PluginConfig;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreContext;
import io.marketpipe.api.store.StoreFactory;

import java.util.List;

/**
 * A store plugin ({@code type = mocked}) whose factory hands every call to the one a test set,
 * so that the test can verify how the runtime uses a plugin.
 */
public final class MockedStorePlugin
        implements Plugin
{
    private static volatile StoreFactory delegate;

    /**
     * Sets the factory the next pipelines create their {@code mocked} stores with.
     */
    public static void delegateTo(StoreFactory factory)
    {
        delegate = factory;
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new StoreFactory()
        {
            @Override
            public String type()
            {
                return "mocked";
            }

            @Override
            public Store create(PluginConfig config, StoreContext context)
            {
                return delegate.create(config, context);
            }
        });
    }
}
