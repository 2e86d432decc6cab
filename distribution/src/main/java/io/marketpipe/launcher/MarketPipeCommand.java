package io.marketpipe.launcher;

import io.marketpipe.api.config.ConfigurationException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code marketpipe} launcher.
 */
@Command(
        name = "marketpipe",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "Collects real-time market data, verifies order books, and writes it to stores.",
        subcommands = {
                RunCommand.class,
                RecordCommand.class,
                ReplayCommand.class,
                QueryCommand.class,
                BackfillCommand.class,
                PluginsCommand.class,
                ConfigCommand.class,
        })
public final class MarketPipeCommand
{
    /** Exit code for a configuration error: unknown key, wrong type, missing value. */
    public static final int EXIT_CONFIGURATION = 2;
    /** Exit code for bad input: a missing or unreadable file, a file that is not a capture, a bad option. */
    public static final int EXIT_INPUT = 2;
    /** Exit code of a replay that lost data: damaged capture lines, events a store or listener did not take. */
    public static final int EXIT_DATA_LOST = 3;

    public static void main(String[] args)
    {
        System.exit(execute(args));
    }

    /**
     * Runs the launcher in-process on the standard streams and returns its exit code.
     */
    public static int execute(String... args)
    {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Runs the launcher in-process with the given output and error writers and returns its exit code.
     */
    public static int execute(PrintWriter out, PrintWriter err, String... args)
    {
        CommandLine commandLine = new CommandLine(new MarketPipeCommand()).setOut(out).setErr(err);
        commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
            int code = 1;
            String message = exception.getMessage();
            for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
                if (cause instanceof ConfigurationException) {
                    code = EXIT_CONFIGURATION;
                    message = "configuration error: " + cause.getMessage();
                    break;
                }
                if (cause instanceof IOException io && code == 1) {
                    code = EXIT_INPUT;
                    message = "error: " + describe(io);
                }
            }
            line.getErr().println(code == 1 ? "error: " + message : message);
            if (System.getenv("MARKETPIPE_DEBUG") != null) {
                exception.printStackTrace(line.getErr());
            }
            return code;
        });
        return commandLine.execute(args);
    }

    /**
     * @return what went wrong with a file, in words: the JDK's file exceptions carry only the path
     */
    static String describe(IOException e)
    {
        if (e instanceof NoSuchFileException missing) {
            return missing.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException denied) {
            return denied.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException other && other.getReason() != null) {
            return other.getFile() + ": " + other.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
