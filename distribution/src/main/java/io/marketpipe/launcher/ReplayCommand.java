package io.marketpipe.launcher;

import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;

/**
 * Plays a capture file through the connector its header names, exactly as live frames would
 * flow, and optionally emits the canonical events as JSON lines.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
                "Replay a marketpipe-capture/1 file through the same connector code as live data.",
                "Prints a JSON summary line to stderr at the end."})
final class ReplayCommand
        implements Callable<Integer>
{
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CAPTURE", description = "The capture file (.jsonl.gz or .jsonl)")
    Path capture;

    @Option(names = {"-c", "--config"}, description = "HOCON configuration file (optional; the capture header names the connector and symbols)")
    Path config;

    @Option(names = "--speed", defaultValue = "max", description = "max (as fast as possible), 1x (recorded pace) or Nx, e.g. 10x (default: ${DEFAULT-VALUE})")
    String speed;

    @Option(names = "--emit", description = "Emit canonical events: jsonl")
    Emit emit;

    @Option(names = {"-o", "--out"}, description = "Write emitted events to this file instead of stdout (.gz compresses)")
    Path out;

    enum Emit { jsonl }

    @Override
    public Integer call()
            throws IOException
    {
        if (!Files.isRegularFile(capture)) {
            spec.commandLine().getErr().println("error: no such capture file: " + capture);
            return 1;
        }
        MarketPipe.Builder builder = Home.builder(Optional.ofNullable(config)).replay(capture, speed);
        JsonLinesListener emitter = null;
        if (emit == Emit.jsonl) {
            emitter = new JsonLinesListener(open());
            builder.listener(emitter);
        }
        ReplaySummary summary;
        try (MarketPipe pipe = builder.build()) {
            pipe.start();
            summary = pipe.replay();
        }
        finally {
            if (emitter != null) {
                emitter.close();
            }
        }
        spec.commandLine().getErr().println(summary.toJson());
        spec.commandLine().getErr().flush();
        return 0;
    }

    private Writer open()
            throws IOException
    {
        OutputStream stream;
        if (out == null) {
            stream = new java.io.FileOutputStream(java.io.FileDescriptor.out);
        }
        else {
            stream = Files.newOutputStream(out);
            if (out.getFileName().toString().endsWith(".gz")) {
                stream = new GZIPOutputStream(stream, 1 << 16);
            }
        }
        return new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
    }
}
