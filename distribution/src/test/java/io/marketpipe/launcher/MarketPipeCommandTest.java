package io.marketpipe.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketPipeCommandTest
{
    @TempDir
    Path temp;

    @Test
    void unknownConfigKeyExitsWithTwoNamingTheKey()
            throws IOException
    {
        Path bad = Files.writeString(temp.resolve("bad.conf"), "marketpipe { buss { buffer-size = 1024 } }\n");
        Result result = run("config", "--config", bad.toString());
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("marketpipe.buss: unknown key (did you mean marketpipe.bus?)"), result.err());
    }

    @Test
    void wrongTypeInAConnectorBlockExitsWithTwo()
            throws IOException
    {
        Path bad = Files.writeString(temp.resolve("bad.conf"), "marketpipe.connectors = [{ type = binance, max-streams-per-connection = many }]\n");
        Result result = run("config", "--config", bad.toString());
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("marketpipe.connectors[0].max-streams-per-connection"), result.err());
    }

    @Test
    void missingConfigFileExitsWithTwo()
    {
        Result result = run("config", "--config", temp.resolve("nowhere.conf").toString());
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("nowhere.conf"), result.err());
    }

    @Test
    void configPrintsTheEffectiveTreeWithSecretsMasked()
            throws IOException
    {
        Path conf = Files.writeString(temp.resolve("app.conf"), "marketpipe { bus.buffer-size = 4096, defaults.connector.binance.api-secret = hunter2 }\n");
        Result result = run("config", "--config", conf.toString());
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("buffer-size=4096") || result.out().contains("buffer-size = 4096") || result.out().contains("\"buffer-size\" : 4096"), result.out());
        assertFalse(result.out().contains("hunter2"), result.out());
    }

    @Test
    void pluginsListsTheConnectorsOnTheClassPath()
    {
        Result result = run("plugins");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("binance"), result.out());
    }

    @Test
    void replayOfAMissingCaptureFails()
    {
        Result result = run("replay", temp.resolve("missing.jsonl.gz").toString());
        assertEquals(1, result.code());
        assertTrue(result.err().contains("no such capture file"), result.err());
    }

    private static Result run(String... args)
    {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = MarketPipeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private record Result(int code, String out, String err) {}
}
