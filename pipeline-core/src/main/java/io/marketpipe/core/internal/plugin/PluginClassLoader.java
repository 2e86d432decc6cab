package io.marketpipe.core.internal.plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * The class loader of one plugin directory. Its parent is the platform class loader, so a
 * plugin sees the JDK, its own jars, and nothing of the host but the shared packages (the SPI and
 * slf4j), which are delegated to the host's loader so that plugin and runtime agree on their types.
 */
final class PluginClassLoader
        extends URLClassLoader
{
    static final List<String> SHARED_PACKAGES = List.of("io.marketpipe.api.", "org.slf4j.");

    private final Path directory;
    private final ClassLoader host;

    PluginClassLoader(Path directory, URL[] jars, ClassLoader host)
    {
        super("plugin:" + directory.getFileName(), jars, ClassLoader.getPlatformClassLoader());
        this.directory = requireNonNull(directory, "directory is null");
        this.host = requireNonNull(host, "host is null");
    }

    Path directory()
    {
        return directory;
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve)
            throws ClassNotFoundException
    {
        if (isShared(name)) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }

    static boolean isShared(String className)
    {
        for (String prefix : SHARED_PACKAGES) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
