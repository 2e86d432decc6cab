package io.marketpipe.store.sqlite;
import io.marketpipe.api.Plugin;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.testkit.plugin.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * The distribution loads {@code plugins/sqlite/*.jar} (the module and its runtime dependencies,
 * which this test loads too) in a class loader of its own whose parent
 * is the platform loader, sharing only the SPI and slf4j. sqlite-jdbc extracts its native library
 * to a file of its own on every load, so two such loaders in one JVM (two pipelines, or a host
 * that also has the driver) each load their own copy instead of failing with "already loaded in
 * another classloader".
 */
class IsolatedLoadingTest
{
    @TempDir
    Path temp;

    @Test
    void twoIsolatedCopiesOfThePluginWriteAndQueryInOneJvm()
            throws Exception
    {
        URL[] jars = PluginJars.ofThisModule();
        List<Store> stores = new ArrayList<>();
        List<URLClassLoader> loaders = new ArrayList<>();
        try {
            for (int copy = 0; copy < 2; copy++) {
                URLClassLoader loader = new SharingClassLoader(jars, getClass().getClassLoader());
                loaders.add(loader);
                StoreFactory factory = ServiceLoader.load(Plugin.class, loader).stream()
                        .map(ServiceLoader.Provider::get)
                        .filter(plugin -> plugin.getClass().getClassLoader() == loader)
                        .findFirst().orElseThrow()
                        .storeFactories().get(0);
                assertNotSame(SqliteStoreFactory.class, factory.getClass(), "the factory comes from the isolated copy");
                Path file = temp.resolve("copy" + copy + ".db");
                stores.add(withContextLoader(loader, () -> factory.create(TestStores.pluginConfig(file, ""), () -> "sqlite")));
            }
            assertNotSame(loaders.get(0).loadClass("org.sqlite.JDBC"), loaders.get(1).loadClass("org.sqlite.JDBC"));

            for (int copy = 0; copy < stores.size(); copy++) {
                Store store = stores.get(copy);
                store.write(trades(SPOT, 1, 10L * (copy + 1)));
                store.flush();
                List<Trade> read = store.queries().orElseThrow().trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 1000));
                assertEquals(10 * (copy + 1), read.size());
            }
        }
        finally {
            for (Store store : stores) {
                store.close();
            }
            for (URLClassLoader loader : loaders) {
                loader.close();
            }
        }
    }

    private static <T> T withContextLoader(ClassLoader loader, Supplier<T> action)
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return action.get();
        }
        finally {
            thread.setContextClassLoader(previous);
        }
    }

    /**
     * Like the runtime's plugin class loader: the platform loader as parent, the SPI and slf4j
     * from the host.
     */
    private static final class SharingClassLoader
            extends URLClassLoader
    {
        private final ClassLoader host;

        SharingClassLoader(URL[] jars, ClassLoader host)
        {
            super("plugin:sqlite", jars, ClassLoader.getPlatformClassLoader());
            this.host = host;
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
}
