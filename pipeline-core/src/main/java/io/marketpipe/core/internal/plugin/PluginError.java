package io.marketpipe.core.internal.plugin;

import static java.util.Objects.requireNonNull;

/**
 * A plugin, or a jar of one, that could not be loaded; the other plugins load regardless.
 *
 * @param source the jar or directory concerned
 * @param message what went wrong
 */
public record PluginError(String source, String message)
{
    public PluginError
    {
        requireNonNull(source, "source is null");
        requireNonNull(message, "message is null");
    }
}
