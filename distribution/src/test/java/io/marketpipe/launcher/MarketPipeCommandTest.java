package io.marketpipe.launcher;

import com.typesafe.config.ConfigFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.marketpipe.launcher.CommandResult.run;
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
        CommandResult result = runWithConfig("config", "marketpipe { buss { buffer-size = 1024 } }\n", 2);
        assertTrue(result.err().contains("marketpipe.buss: unknown key (did you mean marketpipe.bus?)"), result.err());
    }

    @Test
    void wrongTypeInAConnectorBlockExitsWithTwo()
            throws IOException
    {
        CommandResult result = runWithConfig("config", "marketpipe.connectors = [{ type = binance, max-streams-per-connection = many }]\n", 2);
        assertTrue(result.err().contains("marketpipe.connectors[0].max-streams-per-connection"), result.err());
    }

    @Test
    void missingConfigFileExitsWithTwo()
    {
        CommandResult result = run("config", "--config", temp.resolve("nowhere.conf").toString());
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("nowhere.conf"), result.err());
    }

    @Test
    void configPrintsTheEffectiveTreeWithSecretsMasked()
            throws IOException
    {
        CommandResult result = runWithConfig("config", "marketpipe { bus.buffer-size = 4096, defaults.connector.binance.api-secret = hunter2 }\n", 0);
        assertTrue(result.out().contains("buffer-size=4096") || result.out().contains("buffer-size = 4096") || result.out().contains("\"buffer-size\" : 4096"), result.out());
        assertFalse(result.out().contains("hunter2"), result.out());
    }

    @Test
    void configMasksCredentialsInsideValuesAndInUrls()
            throws IOException
    {
        CommandResult result = runWithConfig("config", """
                marketpipe.defaults.store.kafka.producer {
                  "sasl.jaas.config" = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\\"alice\\" password=\\"hunter2\\";"
                  "basic.auth.user.info" = "alice:s3cret"
                  "schema.registry.url" = "https://alice:pa55word@registry.example.com:8081/path"
                }
                """, 0);
        for (String secret : new String[] {"hunter2", "s3cret", "pa55word"}) {
            assertFalse(result.out().contains(secret), secret + " printed in " + result.out());
        }
        assertTrue(result.out().contains("username=\\\"alice\\\""), result.out());
        assertTrue(result.out().contains("https://alice:******@registry.example.com:8081/path"), result.out());
    }

    @Test
    void configPrintsAFileThatReadsBackToTheSameConfiguration()
            throws IOException
    {
        CommandResult first = runWithConfig("config", """
                marketpipe {
                  bus.buffer-size = 4096
                  aggregation { enabled = true, primary { "BTC/USDT" = binance-spot } }
                  connectors = [{ type = binance, symbols = ["BTC/USDT", "ETH/USDT"], name = "binance-spot" }]
                }
                """, 0);
        CommandResult second = runWithConfig("config", first.out(), 0);
        assertEquals(first.out(), second.out(), "the printed file is the same effective configuration");
        assertEquals(4096, ConfigFactory.parseString(first.out()).getInt("marketpipe.bus.buffer-size"));
    }

    @Test
    void aMisspeltRootIsAnError()
            throws IOException
    {
        CommandResult result = runWithConfig("config", "marketpip { connectors = [{ type = binance, symbols = [BTC/USDT] }] }\n", 2);
        assertTrue(result.err().contains("marketpip: unknown top-level key") && result.err().contains("did you mean marketpipe?"), result.err());
    }

    @Test
    void anInstanceListOutsideTheRootIsAnError()
            throws IOException
    {
        CommandResult result = runWithConfig("run", "connectors = [{ type = binance, symbols = [BTC/USDT] }]\n", 2);
        assertTrue(result.err().contains("did you mean marketpipe.connectors?"), result.err());
    }

    @Test
    void inputThatIsNotWhatItShouldBeIsOneLineNamingTheFile()
            throws IOException
    {
        Path directory = Files.createDirectory(temp.resolve("conf.d"));
        Path text = Files.writeString(temp.resolve("notes.jsonl"), "these are my notes\n");
        Path gzipped = Files.writeString(temp.resolve("notes.jsonl.gz"), "these are my notes, not gzip\n");
        Path empty = Files.createFile(temp.resolve("empty.jsonl"));
        Path emptyGzip = Files.createFile(temp.resolve("empty.jsonl.gz"));
        Path notACapture = Files.writeString(temp.resolve("other.jsonl"), "{\"t\":\"header\",\"format\":\"something-else/2\"}\n");
        List<String[]> commands = List.of(
                new String[] {"config", "--config", directory.toString()},
                new String[] {"replay", text.toString()},
                new String[] {"replay", gzipped.toString()},
                new String[] {"replay", empty.toString()},
                new String[] {"replay", emptyGzip.toString()},
                new String[] {"replay", notACapture.toString()});
        for (String[] command : commands) {
            CommandResult result = run(command);
            String file = Path.of(command[command.length - 1]).getFileName().toString();
            assertEquals(2, result.code(), String.join(" ", command) + ": " + result.err());
            assertEquals(1, result.err().lines().count(), result.err());
            assertTrue(result.err().startsWith("error: ") || result.err().startsWith("configuration error: "), result.err());
            assertTrue(result.err().contains(file), result.err());
            assertFalse(result.err().contains("Guice") || result.err().contains("injector") || result.err().contains("Exception"), result.err());
        }
    }

    @Test
    void httpTokenIsPrintedMasked()
            throws IOException
    {
        CommandResult result = runWithConfig("config", "marketpipe.http { host = \"0.0.0.0\", token = opensesame-42 }\n", 0);
        assertTrue(result.out().contains("0.0.0.0"), result.out());
        assertFalse(result.out().contains("opensesame-42"), result.out());
    }

    @Test
    void httpPortOutOfRangeExitsWithTwo()
    {
        CommandResult result = run("run", "--http-port", "70000");
        assertEquals(2, result.code(), result.err());
        assertTrue(result.err().contains("--http-port must be between 0 and 65535, was 70000"), result.err());
    }

    @Test
    void pluginsListsTheConnectorsOnTheClassPath()
    {
        CommandResult result = run("plugins");
        assertEquals(0, result.code(), result.err());
        assertTrue(result.out().contains("binance"), result.out());
    }

    @Test
    void replayOfAMissingCaptureFails()
    {
        CommandResult result = run("replay", temp.resolve("missing.jsonl.gz").toString());
        assertEquals(2, result.code());
        assertTrue(result.err().contains("no such capture file"), result.err());
    }

    /**
     * Runs the command with a config file of the given text and checks its exit code.
     */
    private CommandResult runWithConfig(String command, String hocon, int expectedCode)
            throws IOException
    {
        Path config = Files.writeString(temp.resolve("app.conf"), hocon);
        CommandResult result = run(command, "--config", config.toString());
        assertEquals(expectedCode, result.code(), result.err());
        return result;
    }
}
