package io.marketpipe.kafka;

import org.slf4j.Logger;

import java.util.concurrent.TimeUnit;

import static java.util.Objects.requireNonNull;

/**
 * Logs a failure that may repeat many times a second (a broker that is down, a topic full of bad
 * records) at most once a minute, with the number of failures left out since the last line.
 * Thread-safe.
 */
final class ThrottledWarnings
{
    private static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final Logger log;
    private boolean logged;
    private long lastLogged;
    private long suppressed;

    ThrottledWarnings(Logger log)
    {
        this.log = requireNonNull(log, "log is null");
    }

    synchronized void warn(String message)
    {
        long now = System.nanoTime();
        if (logged && now - lastLogged < INTERVAL_NANOS) {
            suppressed++;
            return;
        }
        if (suppressed > 0) {
            log.warn("{} ({} more failures since the last report)", message, suppressed);
        }
        else {
            log.warn(message);
        }
        logged = true;
        lastLogged = now;
        suppressed = 0;
    }
}
