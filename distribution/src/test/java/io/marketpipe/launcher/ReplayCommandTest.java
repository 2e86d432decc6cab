package io.marketpipe.launcher;

import io.marketpipe.testkit.Captures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.marketpipe.launcher.CommandResult.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest
{
    private static final String SMALL_CAPTURE = "binance/usdm-4symbols-20210722.jsonl.gz";

    @TempDir
    Path temp;

    @Test
    void outputThatIsTheCaptureIsRefusedAndTheCaptureKept()
            throws IOException
    {
        Path capture = copyOf(SMALL_CAPTURE);
        byte[] before = Files.readAllBytes(capture);

        CommandResult same = run("replay", capture.toString(), "--emit", "jsonl", "--out", capture.toString());
        assertEquals(2, same.code(), same.err());
        assertTrue(same.err().contains("is the capture being replayed"), same.err());

        Path link = Files.createSymbolicLink(temp.resolve("link.jsonl.gz"), capture);
        CommandResult throughLink = run("replay", capture.toString(), "--emit", "jsonl", "--out", link.toString());
        assertEquals(2, throughLink.code(), throughLink.err());

        CommandResult spelledDifferently = run("replay", capture.toString(), "--emit", "jsonl", "--out", temp.resolve("x/../" + capture.getFileName()).toString());
        assertEquals(2, spelledDifferently.code(), spelledDifferently.err());

        assertArrayEquals(before, Files.readAllBytes(capture));
    }

    @Test
    void anExistingOutputIsUntouchedWhenTheReplayCannotStart()
            throws IOException
    {
        Path capture = copyOf(SMALL_CAPTURE);
        Path out = Files.writeString(temp.resolve("events.jsonl"), "what an earlier run wrote\n");
        Path badConfig = Files.writeString(temp.resolve("bad.conf"), "marketpipe { buss = 1 }\n");

        CommandResult result = run("replay", capture.toString(), "--config", badConfig.toString(), "--emit", "jsonl", "--out", out.toString());

        assertEquals(2, result.code(), result.err());
        assertEquals("what an earlier run wrote\n", Files.readString(out));
        assertFalse(Files.exists(temp.resolve("events.jsonl.partial")));
    }

    @Test
    void outputIsReplacedOnlyWhenTheReplayEnds()
            throws IOException
    {
        Path capture = copyOf(SMALL_CAPTURE);
        Path out = Files.writeString(temp.resolve("events.jsonl"), "what an earlier run wrote\n");

        CommandResult result = run("replay", capture.toString(), "--emit", "jsonl", "--out", out.toString());

        assertEquals(0, result.code(), result.err());
        String written = Files.readString(out);
        assertTrue(written.startsWith("{\"type\":"), written.substring(0, Math.min(200, written.length())));
        assertFalse(Files.exists(temp.resolve("events.jsonl.partial")));
    }

    @Test
    void outputWithoutEmitIsAnError()
            throws IOException
    {
        Path capture = copyOf(SMALL_CAPTURE);
        CommandResult result = run("replay", capture.toString(), "--out", temp.resolve("events.jsonl").toString());
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("--emit"), result.err());
        assertFalse(Files.exists(temp.resolve("events.jsonl")));
    }

    private Path copyOf(String relative)
            throws IOException
    {
        Path source = Captures.require(relative);
        return Files.copy(source, temp.resolve(source.getFileName()));
    }
}
