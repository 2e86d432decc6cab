package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The main job: connect to the configured venues and run until stopped, writing to the configured
 * stores, or to the SQLite default when none is configured.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
                "Connect to the configured venues and collect until stopped (Ctrl-C).",
                "Without configured stores, writes to SQLite: data/marketpipe.db under marketpipe.data-directory."})
final class RunCommand
        implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Override
    public Integer call()
            throws InterruptedException
    {
        MarketPipe pipe = Home.builder(Home.configOrDefault(config)).defaultStore(Home.DEFAULT_STORE).build();
        return Lifecycle.runUntilStopped(pipe, null);
    }
}
