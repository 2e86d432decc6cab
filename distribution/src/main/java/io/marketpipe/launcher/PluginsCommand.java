package io.marketpipe.launcher;

import io.marketpipe.core.PluginCatalog;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;

/**
 * Lists the plugins found on the class path and in {@code plugins/}.
 */
@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List discovered plugins with their connector, enricher and store types.")
final class PluginsCommand
        extends LauncherCommand
{
    @Override
    public Integer call()
    {
        PrintWriter out = out();
        PluginCatalog catalog = PluginCatalog.discover(Home.pluginsDirectory());
        for (PluginCatalog.Plugin plugin : catalog.plugins()) {
            out.printf("%s (%s)%n", plugin.name(), plugin.source());
            line(out, "connectors", plugin.connectorTypes());
            line(out, "enrichers", plugin.enricherTypes());
            line(out, "stores", plugin.storeTypes());
        }
        if (catalog.plugins().isEmpty()) {
            out.println("no plugins found (looked on the class path and in " + Home.pluginsDirectory() + ")");
        }
        for (PluginCatalog.Problem error : catalog.problems()) {
            err().printf("plugin error: %s: %s%n", error.source(), error.message());
        }
        out.flush();
        return 0;
    }

    private static void line(PrintWriter out, String label, List<String> types)
    {
        if (!types.isEmpty()) {
            out.printf("  %-10s %s%n", label, String.join(", ", types));
        }
    }
}
