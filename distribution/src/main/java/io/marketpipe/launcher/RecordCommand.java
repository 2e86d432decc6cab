package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Runs the configured connectors live and records every frame and REST exchange.
 */
@Command(name = "record", mixinStandardHelpOptions = true,
        description = "Collect like 'run' and record every frame and REST exchange to a marketpipe-capture/1 file.")
final class RecordCommand
        extends LauncherCommand
{
    @Option(names = {"-o", "--out"}, required = true, description = "Capture file to write (.jsonl.gz)")
    Path out;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Option(names = {"-d", "--duration"}, description = "Stop after this long, e.g. 30s, 10m, 2h (default: until Ctrl-C)", converter = DurationConverter.class)
    Duration duration;

    @Override
    public Integer call()
            throws InterruptedException
    {
        MarketPipe pipe = Home.builder(Home.configOrDefault(config)).record(out).build();
        return Lifecycle.runUntilStopped(pipe, duration);
    }
}
