package io.marketpipe.core.internal.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * What the embedding host or the launcher chose before configuration is read.
 *
 * @param pluginsDirectory where {@code plugins/<name>/*.jar} are found
 * @param configFile the user's configuration file, if any
 * @param overrides HOCON text layered over the file, if any
 * @param transport live, record or replay
 * @param listeners in-process listeners
 * @param defaultStore the store block used when the configuration lists no store, if any
 * @param readOnlyStores true when stores are opened only to answer queries
 */
public record RuntimeOptions(
        Path pluginsDirectory,
        Optional<Path> configFile,
        Optional<String> overrides,
        TransportOptions transport,
        List<PipelineRuntime.NamedListener> listeners,
        Optional<String> defaultStore,
        boolean readOnlyStores)
{
    public RuntimeOptions
    {
        requireNonNull(pluginsDirectory, "pluginsDirectory is null");
        requireNonNull(configFile, "configFile is null");
        requireNonNull(overrides, "overrides is null");
        requireNonNull(transport, "transport is null");
        listeners = List.copyOf(listeners);
        requireNonNull(defaultStore, "defaultStore is null");
    }
}
