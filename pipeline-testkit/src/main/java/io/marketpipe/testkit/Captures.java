package io.marketpipe.testkit;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the recorded captures in {@code ../shared/captures} for tests.
 *
 * <p>The directory is taken from the {@code marketpipe.shared} system property or the
 * {@code MARKETPIPE_SHARED} environment variable (the build sets it), falling back to
 * {@code ../shared} beside the working directory and its parents. Where the captures are absent,
 * a test is skipped with a message saying so; when the {@code CI} environment variable is set, it
 * fails instead, so a CI run can never pass by skipping them.
 */
public final class Captures
{
    private Captures() {}

    /**
     * @return the captures directory, if it exists
     */
    public static Optional<Path> directory()
    {
        String configured = System.getProperty("marketpipe.shared", System.getenv("MARKETPIPE_SHARED"));
        if (configured != null && !configured.isBlank()) {
            Path captures = Path.of(configured).resolve("captures");
            if (Files.isDirectory(captures)) {
                return Optional.of(captures.toAbsolutePath().normalize());
            }
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path captures = dir.resolveSibling("shared").resolve("captures");
            if (Files.isDirectory(captures)) {
                return Optional.of(captures.normalize());
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves one capture, skipping the calling test (or failing it under CI) when it is absent.
     *
     * @param relative a path below the captures directory, e.g. {@code binance/spot-btcusdt-20240808.jsonl.gz}
     */
    public static Path require(String relative)
    {
        Path file = directory().map(dir -> dir.resolve(relative)).orElse(null);
        if (file == null || !Files.isRegularFile(file)) {
            unavailable("capture " + relative + " not found (expected in ../shared/captures)");
        }
        return file;
    }

    /**
     * Lists the capture files of one venue (every {@code *.jsonl.gz} in its directory), skipping
     * or failing like {@link #require} when there are none.
     */
    public static List<Path> venue(String venue)
    {
        Path dir = directory().map(d -> d.resolve(venue)).orElse(null);
        if (dir == null || !Files.isDirectory(dir)) {
            unavailable("captures for " + venue + " not found (expected in ../shared/captures/" + venue + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> captures = files.filter(f -> f.getFileName().toString().endsWith(".jsonl.gz")).sorted().collect(Collectors.toList());
            if (captures.isEmpty()) {
                unavailable("no captures in " + dir);
            }
            return captures;
        }
        catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * @return the venue's recorded sessions: its captures except the {@code singles} files of
     *         independent messages; never empty (the caller is skipped, or failed under CI, when
     *         the folder holds none)
     */
    public static List<Path> sessions(String venue)
    {
        List<Path> sessions = venue(venue).stream()
                .filter(path -> !path.getFileName().toString().startsWith("singles"))
                .toList();
        if (sessions.isEmpty()) {
            unavailable("no recorded " + venue + " session in ../shared/captures/" + venue + " (only singles)");
        }
        return sessions;
    }

    /**
     * @return true when the {@code CI} environment variable says this is a CI run: set to anything
     *         but empty, {@code false} or {@code 0}
     */
    public static boolean underCi()
    {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !ci.equalsIgnoreCase("false") && !ci.equals("0");
    }

    private static void unavailable(String message)
    {
        if (underCi()) {
            Assertions.fail(message + "; CI is set, so missing captures fail the build");
        }
        System.err.println("SKIPPED: " + message);
        Assumptions.abort(message);
    }
}
