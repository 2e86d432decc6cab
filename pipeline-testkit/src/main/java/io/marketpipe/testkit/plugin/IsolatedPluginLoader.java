package io.marketpipe.testkit.plugin;

import io.marketpipe.api.Plugin;

import java.net.URL;
import java.net.URLClassLoader;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;

import static java.util.Objects.requireNonNull;

/**
 * Loads a plugin module's jars ({@link PluginJars#ofThisModule()}) the way the runtime loads a
 * plugin directory: the platform loader as parent, only the SPI and slf4j taken from the host.
 */
public final class IsolatedPluginLoader
        extends URLClassLoader
{
    private final ClassLoader host;

    /**
     * @param name the loader's name, e.g. {@code plugin:sqlite}
     * @param host the loader the SPI and slf4j come from, usually the test's own
     */
    public IsolatedPluginLoader(String name, URL[] jars, ClassLoader host)
    {
        super(name, jars, ClassLoader.getPlatformClassLoader());
        this.host = requireNonNull(host, "host is null");
    }

    /**
     * @return the plugin that this loader's own jars provide, not a copy the host also sees
     */
    public Plugin plugin()
    {
        return ServiceLoader.load(Plugin.class, this).stream()
                .map(ServiceLoader.Provider::get)
                .filter(candidate -> candidate.getClass().getClassLoader() == this)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(getName() + " provides no " + Plugin.class.getName()));
    }

    /**
     * Runs the action with this loader as the thread's context class loader, as the runtime does
     * around every plugin call.
     */
    public <T> T call(Callable<T> action)
            throws Exception
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(this);
        try {
            return action.call();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve)
            throws ClassNotFoundException
    {
        if (name.startsWith("io.marketpipe.api.") || name.startsWith("org.slf4j.")) {
            return host.loadClass(name);
        }
        return super.loadClass(name, resolve);
    }
}
