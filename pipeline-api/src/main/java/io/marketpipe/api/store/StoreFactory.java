package io.marketpipe.api.store;

import io.marketpipe.api.config.PluginConfig;

/**
 * Creates stores of one type.
 *
 * @since 0.1
 */
public interface StoreFactory
{
    /**
     * @return the name used as {@code type} in configuration, e.g. {@code sqlite}
     */
    String type();

    /**
     * @param config the instance block, merged with this type's defaults and validated
     * @param context host services
     */
    Store create(PluginConfig config, StoreContext context);
}
