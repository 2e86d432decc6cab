package io.marketpipe.redis;

import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.Trade;
import io.marketpipe.api.store.Store;
import io.marketpipe.api.store.StoreFactory;
import io.marketpipe.api.store.StoreQuery;
import io.marketpipe.core.internal.plugin.PluginRegistry;
import io.marketpipe.core.json.EventJson;
import io.marketpipe.testkit.plugin.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import static io.marketpipe.redis.RedisStoreTest.streamJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The distribution loads {@code plugins/redis/*.jar} in a class loader of its own that shares only
 * the SPI and slf4j with the runtime. With exactly the jars the distribution puts there (the store
 * and its runtime dependencies: the event JSON, Jedis and what it needs, jackson-core), the runtime's plugin registry finds the
 * store, and it writes and answers queries.
 */
class PluginDirectoryTest
{
    @TempDir
    Path temp;

    @Test
    void theStoreWorksFromItsOwnPluginDirectory()
            throws Exception
    {
        Path directory = Files.createDirectories(temp.resolve("plugins").resolve("redis"));
        for (URL entry : PluginJars.ofThisModule()) {
            Path path = Path.of(entry.toURI());
            jar(path, directory.resolve(Files.isDirectory(path) ? path.getParent().getParent().getFileName() + ".jar" : path.getFileName().toString()));
        }

        try (RedisServer server = RedisServer.start(temp.resolve("redis"))) {
            PluginRegistry registry = PluginRegistry.discover(new WithoutClasspathPlugins(getClass().getClassLoader()), Optional.of(temp.resolve("plugins")));
            assertEquals(List.of(), registry.errors());
            StoreFactory factory = registry.storeFactory("redis").orElseThrow();
            assertTrue(registry.pluginClassLoaders().stream().anyMatch(loader -> loader.getName().equals("plugin:redis")), "loaded from its directory");
            assertNotEquals(getClass().getClassLoader(), registry.pluginClassLoaders().get(0));

            List<MarketEvent> trades = LongStream.rangeClosed(1, 5).mapToObj(id -> (MarketEvent) RedisStores.trade(id, id * 1_000)).toList();
            Store store = factory.create(RedisStores.pluginConfig("uri = \"" + server.uri() + "\""), () -> "isolated");
            try {
                store.write(trades);
                List<Trade> read = store.queries().orElseThrow().trades(new StoreQuery("binance", "BTC/USDT", null, 0, Long.MAX_VALUE, 10));
                assertEquals(trades.stream().map(EventJson::toJson).toList(), read.stream().map(EventJson::toJson).toList());
            }
            finally {
                store.close();
            }
            try (Jedis jedis = RedisStores.client(server)) {
                assertEquals(trades.stream().map(EventJson::toJson).toList(), streamJson(jedis, "marketpipe:trades:binance:spot:BTC/USDT"));
            }
        }
    }

    /**
     * Copies a jar, or packs a build's classes directory into one.
     */
    private static void jar(Path classes, Path jar)
            throws IOException
    {
        if (Files.isRegularFile(classes)) {
            Files.copy(classes, jar);
            return;
        }
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file);
                Stream<Path> files = Files.walk(classes)) {
            for (Path path : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace(File.separatorChar, '/')));
                Files.copy(path, out);
                out.closeEntry();
            }
        }
    }

    /**
     * The test's class loader without its service files for plugins, so that the store comes from
     * the plugin directory only.
     */
    private static final class WithoutClasspathPlugins
            extends ClassLoader
    {
        WithoutClasspathPlugins(ClassLoader parent)
        {
            super("host", parent);
        }

        @Override
        public Enumeration<URL> getResources(String name)
                throws IOException
        {
            return name.equals("META-INF/services/io.marketpipe.api.Plugin") ? Collections.emptyEnumeration() : super.getResources(name);
        }
    }
}
