package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The main job: connect to the configured venues and run until stopped, writing to the configured
 * stores, or to the SQLite default when none is configured.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Connect to the configured venues and collect until stopped (Ctrl-C).",
                "Without configured stores, writes to SQLite: data/marketpipe.db under marketpipe.data-directory.",
                "Serves health, Prometheus metrics, the API, the event stream and the dashboard on marketpipe.http (http://127.0.0.1:8080/ by default)."})
final class RunCommand
        extends LauncherCommand
{
    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Option(names = "--http-port", paramLabel = "PORT",
            description = "Serve health, metrics, the API, the stream and the dashboard on this port (0: a free one, logged) instead of marketpipe.http.port")
    Integer httpPort;

    @Override
    public Integer call()
            throws InterruptedException
    {
        MarketPipe.Builder builder = Home.builder(Home.configOrDefault(config)).defaultStore(Home.DEFAULT_STORE).http();
        if (httpPort != null) {
            if (httpPort < 0 || httpPort > 65535) {
                throw usageError("--http-port must be between 0 and 65535, was " + httpPort);
            }
            builder.config("marketpipe.http.port = " + httpPort);
        }
        return Lifecycle.runUntilStopped(builder.build(), null);
    }
}
