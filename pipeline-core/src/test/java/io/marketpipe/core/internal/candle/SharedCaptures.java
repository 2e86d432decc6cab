package io.marketpipe.core.internal.candle;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds a recorded capture in {@code ../shared/captures} for core tests (the testkit, which has the
 * same lookup, depends on core). The directory comes from the {@code MARKETPIPE_SHARED} environment
 * variable the build sets, else {@code shared/} beside the working directory or one of its
 * parents. A missing capture skips the test with a message, or fails it when {@code CI} is set.
 */
public final class SharedCaptures
{
    private SharedCaptures() {}

    /**
     * @param relative a path below the captures directory, e.g. {@code binance/spot-btcusdt-20240808.jsonl.gz}
     */
    public static Path require(String relative)
    {
        String configured = System.getenv("MARKETPIPE_SHARED");
        if (configured != null && !configured.isBlank()) {
            Path file = Path.of(configured).resolve("captures").resolve(relative);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path file = dir.resolveSibling("shared").resolve("captures").resolve(relative);
            if (Files.isRegularFile(file)) {
                return file;
            }
        }
        String message = "capture " + relative + " not found (expected in ../shared/captures)";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0")) {
            Assertions.fail(message + "; CI is set, so missing captures fail the build");
        }
        System.err.println("SKIPPED: " + message);
        return Assumptions.abort(message);
    }
}
