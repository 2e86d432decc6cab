package io.marketpipe.launcher;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * A subcommand: its exit code from {@link #call()}, its output on the streams the command line
 * was given (so tests can read them), and usage errors that picocli reports with the usage help.
 */
abstract class LauncherCommand
        implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    PrintWriter out()
    {
        return spec.commandLine().getOut();
    }

    PrintWriter err()
    {
        return spec.commandLine().getErr();
    }

    /**
     * @return the error to throw for an option or parameter that is out of range
     */
    ParameterException usageError(String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }
}
