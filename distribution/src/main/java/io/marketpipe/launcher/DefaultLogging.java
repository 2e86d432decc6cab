package io.marketpipe.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

import java.util.Locale;

/**
 * The launcher's logging unless a logback configuration file is given: warnings of every library
 * and marketpipe's own lines from {@code MARKETPIPE_LOG_LEVEL} (INFO by default) up, one line each
 * on standard error. Set up in code, it spares every start of the CLI the parsing of an XML file
 * (a fifth of a short command's run); a {@code logback.xml} of one's own still takes over, named
 * with {@code -Dlogback.configurationFile} (the launcher passes {@code conf/logback.xml} when it
 * exists) or found on the class path.
 */
public final class DefaultLogging
        extends ContextAwareBase
        implements Configurator
{
    /** The layout of a line, also that of the example {@code conf/logback.xml.example}. */
    public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    public static final String LEVEL_VARIABLE = "MARKETPIPE_LOG_LEVEL";

    @Override
    public ExecutionStatus configure(LoggerContext context)
    {
        if (System.getProperty("logback.configurationFile") != null
                || getClass().getClassLoader().getResource("logback-test.xml") != null
                || getClass().getClassLoader().getResource("logback.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();

        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();

        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.WARN);
        root.addAppender(stderr);
        context.getLogger("io.marketpipe").setLevel(level(System.getenv(LEVEL_VARIABLE)));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * @return the level named (any case), INFO when none is; a name that is no level is reported and read as INFO
     */
    static Level level(String name)
    {
        if (name == null || name.isBlank()) {
            return Level.INFO;
        }
        Level level = Level.toLevel(name.trim().toUpperCase(Locale.ROOT), null);
        if (level == null) {
            System.err.println("marketpipe: " + LEVEL_VARIABLE + "=" + name + " is not a log level (TRACE, DEBUG, INFO, WARN, ERROR, OFF); logging at INFO");
            return Level.INFO;
        }
        return level;
    }
}
