package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Prints the effective configuration with secrets masked, after validating it.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate and print the effective configuration (defaults + plugins + file), secrets masked.")
final class ConfigCommand
        extends LauncherCommand
{
    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Override
    public Integer call()
    {
        try (MarketPipe pipe = Home.builder(Home.configOrDefault(config)).build()) {
            out().println(pipe.describeConfiguration());
            out().flush();
        }
        return 0;
    }
}
