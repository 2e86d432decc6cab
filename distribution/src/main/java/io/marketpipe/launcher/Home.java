package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The installation directory ({@code -Dmarketpipe.home}, set by {@code bin/marketpipe}) and what
 * lives in it.
 */
final class Home
{
    /**
     * The store {@code run} writes to and {@code query} reads from when the configuration lists
     * none: SQLite at the path its defaults name ({@code data/marketpipe.db} under
     * {@code marketpipe.data-directory}).
     */
    static final String DEFAULT_STORE = "{ type = sqlite }";

    private Home() {}

    static Path directory()
    {
        return Path.of(System.getProperty("marketpipe.home", ".")).toAbsolutePath().normalize();
    }

    static Path pluginsDirectory()
    {
        return directory().resolve("plugins");
    }

    /**
     * @return the given file, or else the installation's {@code conf/application.conf} when it exists
     */
    static Optional<Path> configOrDefault(Path given)
    {
        if (given != null) {
            return Optional.of(given);
        }
        Path shipped = directory().resolve("conf").resolve("application.conf");
        return Files.isRegularFile(shipped) ? Optional.of(shipped) : Optional.empty();
    }

    static MarketPipe.Builder builder(Optional<Path> config)
    {
        MarketPipe.Builder builder = MarketPipe.builder().pluginsDirectory(pluginsDirectory());
        config.ifPresent(builder::configFile);
        return builder;
    }
}
