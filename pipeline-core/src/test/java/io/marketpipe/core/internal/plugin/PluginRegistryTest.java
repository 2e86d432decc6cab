package io.marketpipe.core.internal.plugin;

import com.typesafe.config.Config;
import io.marketpipe.api.connector.Connector;
import io.marketpipe.api.connector.ConnectorContext;
import io.marketpipe.api.connector.EventSink;
import io.marketpipe.core.internal.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PluginRegistryTest
{
    private static final String SERVICES = "META-INF/services/io.marketpipe.api.Plugin";

    @TempDir
    Path temp;

    @Test
    void findsClassPathPlugins()
    {
        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.empty());
        assertTrue(registry.connectorTypes().contains("testvenue"), registry.connectorTypes().toString());
        LoadedPlugin plugin = registry.plugins().stream().filter(p -> p.connectorTypes().contains("testvenue")).findFirst().orElseThrow();
        assertEquals("classpath", plugin.source());
    }

    @Test
    void pluginDirectoryIsLoadedInItsOwnClassLoaderThatSeesOnlyTheSharedPackages()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("demo"), "demo", "one");

        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        assertEquals(List.of(), registry.errors());
        LoadedPlugin demo = registry.plugins().stream().filter(p -> p.connectorTypes().contains("demo")).findFirst().orElseThrow();
        assertTrue(demo.source().endsWith("plugins/demo"), demo.source());
        assertInstanceOf(PluginClassLoader.class, demo.classLoader());
        assertThrows(ClassNotFoundException.class, () -> Class.forName("demo.DemoPlugin", false, getClass().getClassLoader()));

        // the plugin reports what it can see: its own helper, the API, but not the host's libraries
        Connector connector = registry.connectorFactory("demo").orElseThrow().create(null, context("demo-instance"));
        assertEquals("helper=one api=true guice=false typesafe=false context-loader=plugin", connector.toString());
    }

    @Test
    void twoPluginDirectoriesKeepTheirOwnVersionOfTheSameClass()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("first"), "first", "one");
        demoPlugin(plugins.resolve("second"), "second", "two");

        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        assertEquals(List.of(), registry.errors());
        assertTrue(describe(registry.connectorFactory("first").orElseThrow().create(null, context("a"))).startsWith("helper=one"));
        assertTrue(describe(registry.connectorFactory("second").orElseThrow().create(null, context("b"))).startsWith("helper=two"));
    }

    @Test
    void brokenJarIsReportedByNameAndTheOtherPluginsStillLoad()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("good"), "good", "one");
        Path broken = Files.createDirectories(plugins.resolve("broken")).resolve("broken-plugin.jar");
        Files.writeString(broken, "this is not a zip archive");

        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        assertTrue(registry.connectorFactory("good").isPresent());
        assertTrue(registry.errors().stream().anyMatch(e -> e.source().endsWith("broken-plugin.jar") && e.message().contains("not a readable jar")), registry.errors().toString());
    }

    @Test
    void providerThatCannotBeInstantiatedIsReportedAndOthersLoad()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("good"), "good", "one");
        PluginJars.build(plugins.resolve("bad").resolve("bad.jar"), temp.resolve("bad-build"),
                Map.of("bad.BadPlugin", """
                        package bad;
                        public final class BadPlugin implements io.marketpipe.api.Plugin {
                            public BadPlugin() { throw new IllegalStateException("cannot start"); }
                        }
                        """),
                Map.of(SERVICES, "bad.BadPlugin\n"));

        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        assertTrue(registry.connectorFactory("good").isPresent());
        assertTrue(registry.errors().stream().anyMatch(e -> e.source().endsWith("plugins/bad") && e.message().contains("BadPlugin")), registry.errors().toString());
    }

    @Test
    void duplicateTypeIsReportedAndTheFirstKept()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("a"), "same", "one");
        demoPlugin(plugins.resolve("b"), "same", "two");

        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        assertTrue(describe(registry.connectorFactory("same").orElseThrow().create(null, context("x"))).startsWith("helper=one"));
        assertTrue(registry.errors().stream().anyMatch(e -> e.message().contains("\"same\"") && e.source().endsWith("plugins/b")), registry.errors().toString());
    }

    @Test
    void pluginReferenceConfJoinsTheConfiguration()
            throws Exception
    {
        Path plugins = temp.resolve("plugins");
        demoPlugin(plugins.resolve("demo"), "demo", "one");
        PluginRegistry registry = PluginRegistry.discover(getClass().getClassLoader(), Optional.of(plugins));

        Config config = ConfigLoader.load(Optional.empty(), registry.pluginClassLoaders());

        assertEquals("wss://demo.invalid/ws", config.getString("marketpipe.defaults.connector.demo.ws-url"));
    }

    private static String describe(Connector connector)
    {
        return connector.toString();
    }

    private static ConnectorContext context(String name)
    {
        return new ConnectorContext()
        {
            @Override
            public String name()
            {
                return name;
            }

            @Override
            public EventSink sink()
            {
                return event -> {};
            }
        };
    }

    /**
     * A plugin whose connector's {@code toString()} reports what its class loader can see.
     */
    private void demoPlugin(Path directory, String type, String helperVersion)
            throws IOException
    {
        String plugin = """
                package demo;
                import io.marketpipe.api.config.PluginConfig;
                import io.marketpipe.api.connector.*;
                import java.util.List;
                public final class DemoPlugin implements io.marketpipe.api.Plugin {
                    public List<ConnectorFactory> connectorFactories() {
                        return List.of(new ConnectorFactory() {
                            public String type() { return "TYPE"; }
                            public Connector create(PluginConfig config, ConnectorContext context) {
                                String seen = "helper=" + Helper.version()
                                        + " api=" + visible("io.marketpipe.api.Plugin")
                                        + " guice=" + visible("com.google.inject.Guice")
                                        + " typesafe=" + visible("com.typesafe.config.Config")
                                        + " context-loader=" + (Thread.currentThread().getContextClassLoader() == DemoPlugin.class.getClassLoader() ? "plugin" : "other");
                                return new Connector() {
                                    public void start() {}
                                    public List<io.marketpipe.api.model.Instrument> instruments() { return List.of(); }
                                    public void close() {}
                                    public String toString() { return seen; }
                                };
                            }
                        });
                    }
                    private static boolean visible(String name) {
                        try { Class.forName(name, false, DemoPlugin.class.getClassLoader()); return true; }
                        catch (ClassNotFoundException e) { return false; }
                    }
                }
                """.replace("TYPE", type);
        String helper = "package demo; final class Helper { static String version() { return \"" + helperVersion + "\"; } }";
        PluginJars.build(directory.resolve(type + "-plugin.jar"), temp.resolve("build-" + directory.getFileName()),
                Map.of("demo.DemoPlugin", plugin, "demo.Helper", helper),
                Map.of(SERVICES, "demo.DemoPlugin\n",
                        "reference.conf", "marketpipe.defaults.connector." + type + " { ws-url = \"wss://" + type + ".invalid/ws\" }\n"));
    }
}
