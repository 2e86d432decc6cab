package io.marketpipe.redis;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static java.util.Objects.requireNonNull;

/**
 * A real {@code redis-server} (Debian's package) on a free loopback port, its data in a directory
 * of the test's, saved when it stops so that a restart finds what it held. Where the server is not
 * installed, a test is skipped with a message saying so; when the {@code CI} environment variable
 * is set, it fails instead.
 */
final class RedisServer
        implements AutoCloseable
{
    private static final long START_TIMEOUT_SECONDS = 30;

    private final Path executable;
    private final Path directory;
    private final int port;
    private final List<String> extraArguments;
    private Process process;

    private RedisServer(Path executable, Path directory, int port, List<String> extraArguments)
    {
        this.executable = requireNonNull(executable, "executable is null");
        this.directory = requireNonNull(directory, "directory is null");
        this.port = port;
        this.extraArguments = List.copyOf(extraArguments);
    }

    /**
     * Starts a server keeping its data in {@code directory}.
     *
     * @param extraArguments further configuration, e.g. {@code --requirepass secret}
     */
    static RedisServer start(Path directory, String... extraArguments)
            throws IOException
    {
        Path executable = executable().orElse(null);
        if (executable == null) {
            String message = "redis-server not found on PATH (apt-get install -y redis-server)";
            if (System.getenv("CI") != null) {
                Assertions.fail(message + "; CI is set, so a missing redis-server fails the build");
            }
            System.err.println("SKIPPED: " + message);
            Assumptions.abort(message);
        }
        RedisServer server = new RedisServer(executable, directory, freeLoopbackPort(), List.of(extraArguments));
        server.start();
        return server;
    }

    /**
     * @return {@code redis://127.0.0.1:port}
     */
    String uri()
    {
        return "redis://127.0.0.1:" + port;
    }

    int port()
    {
        return port;
    }

    /**
     * Shuts the server down the way a service manager does (SIGTERM): it saves its data and exits.
     */
    void stop()
            throws InterruptedException
    {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        process = null;
    }

    /**
     * Starts the server again on the same port with the data it saved.
     */
    void start()
            throws IOException
    {
        if (process != null) {
            throw new IllegalStateException("redis-server is running");
        }
        List<String> command = new ArrayList<>(List.of(executable.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--dir", directory.toString(),
                "--dbfilename", "dump.rdb",
                // a save point makes a shutdown save everything, so nothing is lost across a restart
                "--save", "3600 1",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", ""));
        command.addAll(extraArguments);
        Files.createDirectories(directory);
        Process started = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> readOutput(started, ready), "redis-server-" + port);
        output.setDaemon(true);
        output.start();
        try {
            ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        catch (ExecutionException | TimeoutException e) {
            started.destroyForcibly();
            throw new IOException("redis-server did not start on port " + port + ": " + e.getMessage(), e);
        }
        catch (InterruptedException e) {
            started.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while redis-server started", e);
        }
        process = started;
    }

    private static void readOutput(Process process, CompletableFuture<Void> ready)
    {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!ready.isDone()) {
                    lines.add(line);
                }
                if (line.contains("Ready to accept connections")) {
                    ready.complete(null);
                }
            }
        }
        catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("redis-server exited: " + String.join(" | ", lines)));
    }

    @Override
    public void close()
    {
        try {
            stop();
        }
        catch (InterruptedException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            Thread.currentThread().interrupt();
        }
    }

    private static Optional<Path> executable()
    {
        String path = System.getenv("PATH");
        for (String entry : (path == null ? "/usr/bin:/usr/local/bin" : path).split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(entry, "redis-server");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static int freeLoopbackPort()
    {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
