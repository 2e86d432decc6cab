package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * The main job: connect to the configured venues and run until stopped.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Connect to the configured venues and collect until stopped (Ctrl-C).")
final class RunCommand
        implements Callable<Integer>
{
    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Override
    public Integer call()
            throws InterruptedException
    {
        MarketPipe pipe = Home.builder(Home.configOrDefault(config)).build();
        return Lifecycle.runUntilStopped(pipe, null);
    }
}
