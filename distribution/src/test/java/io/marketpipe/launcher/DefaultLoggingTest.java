package io.marketpipe.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DefaultLoggingTest
{
    @Test
    void librariesWarnAndMarketpipeInformsOnStandardErrorWithoutAConfigurationFile()
    {
        LoggerContext context = new LoggerContext();
        DefaultLogging logging = new DefaultLogging();
        logging.setContext(context);

        assertEquals(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY, logging.configure(context));

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertEquals(Level.WARN, root.getLevel());
        assertEquals(System.getenv(DefaultLogging.LEVEL_VARIABLE) == null ? Level.INFO : DefaultLogging.level(System.getenv(DefaultLogging.LEVEL_VARIABLE)),
                context.getLogger("io.marketpipe.binance").getEffectiveLevel());
        ConsoleAppender<ILoggingEvent> stderr = assertInstanceOf(ConsoleAppender.class, root.getAppender("STDERR"));
        assertEquals("System.err", stderr.getTarget());
        assertEquals(DefaultLogging.PATTERN, ((PatternLayoutEncoder) stderr.getEncoder()).getPattern());
        assertTrue(stderr.isStarted());
    }

    @Test
    void aConfigurationFileNamedOnTheCommandLineTakesOver()
    {
        String previous = System.setProperty("logback.configurationFile", "/etc/marketpipe/logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            DefaultLogging logging = new DefaultLogging();
            logging.setContext(context);

            assertEquals(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY, logging.configure(context));
            assertEquals(null, context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR"), "nothing set up");
        }
        finally {
            if (previous == null) {
                System.clearProperty("logback.configurationFile");
            }
            else {
                System.setProperty("logback.configurationFile", previous);
            }
        }
    }

    @Test
    void theLevelVariableIsReadInAnyCaseAndANameThatIsNoLevelMeansInfo()
    {
        assertEquals(Level.DEBUG, DefaultLogging.level("debug"));
        assertEquals(Level.WARN, DefaultLogging.level(" WARN "));
        assertEquals(Level.INFO, DefaultLogging.level(null));
        assertEquals(Level.INFO, DefaultLogging.level("loud"));
    }

    @Test
    void theShippedExampleLogsAsTheDefaultDoes()
            throws IOException
    {
        String example = Files.readString(Path.of("src/main/dist/conf/logback.xml.example"));
        assertTrue(example.contains("<pattern>" + DefaultLogging.PATTERN + "</pattern>"), example);
        assertTrue(example.contains("level=\"${" + DefaultLogging.LEVEL_VARIABLE + ":-INFO}\""), example);
        assertTrue(example.contains("<root level=\"WARN\">"), example);
    }
}
