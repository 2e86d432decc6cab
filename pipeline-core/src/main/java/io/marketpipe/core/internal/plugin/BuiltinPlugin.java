package io.marketpipe.core.internal.plugin;

import io.marketpipe.api.Plugin;
import io.marketpipe.api.enricher.EnricherFactory;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.core.internal.indicator.BuiltinIndicators;
import io.marketpipe.core.internal.store.MemoryStoreFactory;

import java.util.List;

/**
 * What pipeline-core itself offers through the same SPI as any plugin jar: the built-in
 * indicator enrichers ({@link BuiltinIndicators}) and the in-memory store. Found on the class
 * path like any plugin.
 */
public final class BuiltinPlugin
        implements Plugin
{
    @Override
    public String name()
    {
        return "builtin";
    }

    @Override
    public List<EnricherFactory> enricherFactories()
    {
        return BuiltinIndicators.factories();
    }

    @Override
    public List<StoreFactory> storeFactories()
    {
        return List.of(new MemoryStoreFactory());
    }
}
