package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Prints the effective configuration with secrets masked, after validating it.
 */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate and print the effective configuration (defaults + plugins + file), secrets masked.")
final class ConfigCommand
        implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (default: conf/application.conf of the installation)")
    Path config;

    @Override
    public Integer call()
    {
        try (MarketPipe pipe = Home.builder(Home.configOrDefault(config)).build()) {
            spec.commandLine().getOut().println(pipe.describeConfiguration());
            spec.commandLine().getOut().flush();
        }
        return 0;
    }
}
