package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.GZIPOutputStream;

/**
 * Plays a capture file through the connector its header names, exactly as live frames would
 * flow, and optionally emits the canonical events as JSON lines.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
                "Replay a marketpipe-capture/1 file through the same connector code as live data.",
                "Prints a JSON summary line to stderr at the end.",
                "Exit status: 0 when every event reached the output and the stores, 2 for a bad capture, option or configuration,",
                "3 when data was lost (damaged capture lines, events a store or the output did not take),",
                "130 when a signal (Ctrl-C, TERM) stopped it early: what was replayed until then is in the output and stores."})
final class ReplayCommand
        extends LauncherCommand
{
    @Parameters(index = "0", paramLabel = "CAPTURE", description = "The capture file (.jsonl.gz or .jsonl)")
    Path capture;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (optional; the capture header names the connector and symbols)")
    Path config;

    @Option(names = "--speed", defaultValue = "max", description = "max (as fast as possible), 1x (recorded pace) or Nx, e.g. 10x (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--emit", description = "Emit canonical events: jsonl")
    Emit emit;

    @Option(names = {"-o", "--out"}, description = "Write emitted events to this file instead of stdout (.gz compresses); needs --emit. Written beside it as F.partial and moved over it at the end")
    Path out;

    enum Emit { jsonl }

    @Override
    public Integer call()
            throws IOException
    {
        if (!Files.isRegularFile(capture)) {
            err().println("error: no such capture file: " + capture);
            return MarketPipeCommand.EXIT_INPUT;
        }
        if (out != null) {
            String problem = outputProblem();
            if (problem != null) {
                err().println("error: --out " + out + ": " + problem);
                return MarketPipeCommand.EXIT_INPUT;
            }
        }
        MarketPipe.Builder builder = Home.builder(Optional.ofNullable(config)).replay(capture, speed);
        // the events go to a file beside --out, moved over it once the replay ends: whatever
        // happens before, an existing file of that name is left as it was
        // (a device or a pipe, such as /dev/stdout, is written directly)
        Path partial = out == null || Files.exists(out) && !Files.isRegularFile(out) ? null : out.resolveSibling(out.getFileName() + ".partial");
        JsonLinesListener emitter = null;
        if (emit == Emit.jsonl) {
            emitter = new JsonLinesListener(open(partial != null ? partial : out));
            builder.listener(emitter);
        }
        ReplaySummary summary;
        boolean completed = false;
        String outputFailure = null;
        // a signal stops the replay where it is; what was replayed drains into the output and stores
        AtomicReference<MarketPipe> replaying = new AtomicReference<>();
        AtomicBoolean stopRequested = new AtomicBoolean();
        Runnable restoreSignals = Lifecycle.onSignals(() -> {
            stopRequested.set(true);
            MarketPipe running = replaying.get();
            if (running != null) {
                running.stopReplay();
            }
        });
        try (MarketPipe pipe = builder.build()) {
            replaying.set(pipe);
            if (stopRequested.get()) {
                pipe.stopReplay();
            }
            pipe.start();
            summary = pipe.replay();
            completed = true;
        }
        finally {
            restoreSignals.run();
            if (emitter != null) {
                try {
                    emitter.close();
                }
                catch (IOException e) {
                    outputFailure = "the output could not be written: " + e.getMessage();
                }
            }
            if (partial != null) {
                if (completed) {
                    Files.move(partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                else {
                    Files.deleteIfExists(partial);
                }
            }
        }
        err().println(summary.toJson());
        boolean lost = summary.dataLost() || outputFailure != null;
        if (lost) {
            err().println("error: data was lost: " + losses(summary, outputFailure));
        }
        err().flush();
        if (lost) {
            return MarketPipeCommand.EXIT_DATA_LOST;
        }
        return summary.stopped() ? Lifecycle.FORCED_EXIT : 0;
    }

    private static String losses(ReplaySummary summary, String outputFailure)
    {
        List<String> losses = new ArrayList<>();
        if (outputFailure != null) {
            losses.add(outputFailure);
        }
        if (summary.captureErrors() > 0) {
            losses.add(summary.captureErrors() + " capture line(s) could not be read" + (summary.captureTruncated() ? " (the capture ends abruptly)" : "")
                    + ", first: " + summary.captureDamage().get(0));
        }
        if (summary.listenerErrors() > 0) {
            losses.add(summary.listenerErrors() + " event(s) not emitted");
        }
        if (summary.storeLost() > 0) {
            losses.add(summary.storeLost() + " event(s) not stored");
        }
        return String.join("; ", losses);
    }

    /**
     * @return why {@code --out} cannot be written, or null
     */
    private String outputProblem()
            throws IOException
    {
        if (emit == null) {
            return "nothing to write without --emit jsonl";
        }
        if (Files.isDirectory(out)) {
            return "is a directory";
        }
        if (Files.exists(out) && Files.isSameFile(out, capture)
                || out.toAbsolutePath().normalize().equals(capture.toAbsolutePath().normalize())) {
            return "is the capture being replayed; refusing to overwrite it";
        }
        return null;
    }

    private Writer open(Path file)
            throws IOException
    {
        OutputStream stream;
        if (file == null) {
            stream = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        }
        else {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            stream = Files.newOutputStream(file);
            if (out.getFileName().toString().endsWith(".gz")) {
                stream = new GZIPOutputStream(stream, 1 << 16);
            }
        }
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
}
