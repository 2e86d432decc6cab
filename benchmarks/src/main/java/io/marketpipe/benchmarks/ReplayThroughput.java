package io.marketpipe.benchmarks;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.ReplaySummary;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPInputStream;

/**
 * Replay throughput beside the JSON parsing limit, in one JVM on the same bytes:
 * {@code java -cp benchmarks.jar io.marketpipe.benchmarks.ReplayThroughput [--warmup N] [--rounds N] CAPTURE...}.
 *
 * <p>For each capture, the limit is gunzip plus Jackson streaming tokenization of every capture
 * line and of every frame's own text, the least work any replay of the file must do; the pipeline
 * is the embedded replay ({@code MarketPipe.builder().replay(capture, "max")}) with one counting
 * listener, timed from {@code build()} to the end of {@code replay()} (which closes the pipeline), so the
 * pipeline's fixed cost counts. Each is measured best of N rounds (5 by default) after warm-up rounds
 * (3 by default: on two cores the compiler threads compete with the pipeline's for several rounds), and the ratio
 * printed. Beside it, for reading only, the rate of the {@code replay()} call alone: the per-frame cost
 * without the fixed cost of building and starting a pipeline, which dominates small captures.
 */
public final class ReplayThroughput
{
    private static final JsonFactory JSON = new JsonFactory();

    private ReplayThroughput() {}

    public static void main(String[] args)
            throws Exception
    {
        int rounds = 5;
        int warmup = 3;
        List<Path> captures = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            }
            else if (args[i].equals("--warmup")) {
                warmup = Integer.parseInt(args[++i]);
            }
            else {
                captures.add(Path.of(args[i]));
            }
        }
        if (captures.isEmpty()) {
            System.err.println("usage: ReplayThroughput [--warmup N] [--rounds N] CAPTURE...");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "%-45s %10s %14s %14s %7s %18s%n", "capture", "frames", "limit fr/s", "replay fr/s", "ratio", "replay() only fr/s");
        for (Path capture : captures) {
            long frames = tokenize(capture);
            for (int round = 0; round < warmup; round++) {
                tokenize(capture);
                replay(capture);
            }
            double limit = 0;
            double replay = 0;
            double replayCall = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                tokenize(capture);
                limit = Math.max(limit, frames / seconds(start));
                start = System.nanoTime();
                Replayed replayed = replay(capture);
                replay = Math.max(replay, replayed.frames() / seconds(start));
                replayCall = Math.max(replayCall, replayed.frames() / (replayed.replayCallNanos() / 1e9));
            }
            System.out.printf(Locale.ROOT, "%-45s %10d %14.0f %14.0f %6.1f%% %18.0f%n", capture.getFileName(), frames, limit, replay, 100 * replay / limit, replayCall);
        }
    }

    private static double seconds(long startNanos)
    {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * @return the frames ({@code recv} lines) of the capture, after tokenizing every line and every frame text
     */
    static long tokenize(Path capture)
            throws IOException
    {
        long frames = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(capture), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                String data = null;
                boolean frame = false;
                try (JsonParser parser = JSON.createParser(line)) {
                    for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                        if (token == JsonToken.FIELD_NAME && parser.currentName().equals("data")) {
                            parser.nextToken();
                            data = parser.getText();
                        }
                        else if (token == JsonToken.VALUE_STRING && "t".equals(parser.currentName())) {
                            frame = parser.getText().equals("recv");
                        }
                    }
                }
                if (data != null && frame) {
                    frames++;
                    try (JsonParser parser = JSON.createParser(data)) {
                        while (parser.nextToken() != null) {
                            // tokenizing is the work measured
                        }
                    }
                }
            }
        }
        return frames;
    }

    /**
     * @param frames the frames the embedded pipeline replayed
     * @param replayCallNanos how long the {@code replay()} call took
     */
    record Replayed(long frames, long replayCallNanos) {}

    static Replayed replay(Path capture)
    {
        AtomicLong events = new AtomicLong();
        try (MarketPipe pipe = MarketPipe.builder()
                .pluginsDirectory(Path.of(System.getProperty("java.io.tmpdir"), "marketpipe-benchmark-no-plugins"))
                .config("marketpipe.metrics.log-interval = 0")
                .replay(capture, "max")
                .listener(event -> events.incrementAndGet())
                .build()) {
            pipe.start();
            long start = System.nanoTime();
            ReplaySummary summary = pipe.replay();
            return new Replayed(summary.frames(), System.nanoTime() - start);
        }
    }
}
