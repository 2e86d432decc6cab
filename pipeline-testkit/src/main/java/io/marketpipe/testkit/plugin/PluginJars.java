package io.marketpipe.testkit.plugin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The jars a plugin module ships in its plugin directory: its own classes and its runtime
 * dependencies, as the module's build lists them in {@code target/plugin-classpath.txt}
 * (maven-dependency-plugin {@code build-classpath}, runtime scope). The distribution's assembly
 * takes the same dependencies, so an isolated-loading test built on this list loads what users get,
 * not a list kept by hand.
 */
public final class PluginJars
{
    private PluginJars() {}

    /**
     * @return the module's classes directory followed by its runtime dependency jars
     */
    public static URL[] ofThisModule()
    {
        Path target = Path.of("target");
        Path listing = target.resolve("plugin-classpath.txt");
        try {
            List<URL> jars = new ArrayList<>();
            jars.add(target.resolve("classes").toUri().toURL());
            String classpath = Files.readString(listing).strip();
            if (!classpath.isEmpty()) {
                for (String entry : classpath.split(java.io.File.pathSeparator)) {
                    jars.add(Path.of(entry).toUri().toURL());
                }
            }
            return jars.toArray(URL[]::new);
        }
        catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read " + listing.toAbsolutePath() + "; the module's build writes it (maven-dependency-plugin build-classpath)", e);
        }
    }
}
