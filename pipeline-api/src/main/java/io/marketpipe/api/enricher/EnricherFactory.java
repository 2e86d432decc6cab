package io.marketpipe.api.enricher;

import io.marketpipe.api.config.PluginConfig;

/**
 * Creates enrichers of one type (an indicator, a signal).
 *
 * @since 0.1
 */
public interface EnricherFactory
{
    /**
     * @return the name used as {@code type} in configuration, e.g. {@code ema}
     */
    String type();

    /**
     * @param config the instance block, merged with this type's defaults and validated
     * @param context host services
     */
    Enricher create(PluginConfig config, EnricherContext context);
}
