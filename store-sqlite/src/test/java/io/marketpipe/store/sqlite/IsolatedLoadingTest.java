package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.testkit.plugin.IsolatedPluginLoader;
import io.marketpipe.testkit.plugin.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
        List<IsolatedPluginLoader> loaders = new ArrayList<>();
        try {
            for (int copy = 0; copy < 2; copy++) {
                IsolatedPluginLoader loader = new IsolatedPluginLoader("plugin:sqlite", jars, getClass().getClassLoader());
                loaders.add(loader);
                StoreFactory factory = loader.plugin().storeFactories().get(0);
                assertNotSame(SqliteStoreFactory.class, factory.getClass(), "the factory comes from the isolated copy");
                Path file = temp.resolve("copy" + copy + ".db");
                stores.add(loader.call(() -> factory.create(TestStores.pluginConfig(file, ""), () -> "sqlite")));
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
            for (IsolatedPluginLoader loader : loaders) {
                loader.close();
            }
        }
    }
}
