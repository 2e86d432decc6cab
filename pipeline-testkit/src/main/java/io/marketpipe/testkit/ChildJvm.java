package io.marketpipe.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * A JVM running a main class of the test's own class path, for tests of what a process does when
 * it is signalled or killed: {@code TERM} a replay, {@code SIGKILL} a writer. Its standard output
 * and error go to files in the test's directory, readable while it runs.
 */
public final class ChildJvm
{
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private ChildJvm(Process process, Path stdout, Path stderr)
    {
        this.process = requireNonNull(process, "process is null");
        this.stdout = requireNonNull(stdout, "stdout is null");
        this.stderr = requireNonNull(stderr, "stderr is null");
    }

    /**
     * Starts {@code java -D<key>=<value>... -cp <this class path> <mainClass> <arguments>}.
     *
     * @param directory where the child's {@code stdout.txt} and {@code stderr.txt} go
     * @param systemProperties set on the child's command line
     */
    public static ChildJvm start(Path directory, Map<String, String> systemProperties, Class<?> mainClass, String... arguments)
            throws IOException
    {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        systemProperties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(arguments));
        Path stdout = directory.resolve("stdout.txt");
        Path stderr = directory.resolve("stderr.txt");
        Process process = new ProcessBuilder(command)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        return new ChildJvm(process, stdout, stderr);
    }

    /**
     * @return the child process, to wait for, signal ({@code destroy()} sends {@code TERM}) or kill
     */
    public Process process()
    {
        return process;
    }

    /**
     * @return what the child has written to its standard output so far
     */
    public String stdout()
    {
        return read(stdout);
    }

    /**
     * @return what the child has written to its standard error so far
     */
    public String stderr()
    {
        return read(stderr);
    }

    private static String read(Path file)
    {
        try {
            return Files.readString(file);
        }
        catch (IOException e) {
            return e.toString();
        }
    }
}
