package io.marketpipe.core.internal.runtime;

import io.marketpipe.core.book.BookStats;
import io.marketpipe.core.internal.bus.ConsumerStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Logs one progress line per interval: events by type since the last line, books, and the
 * lag of every consumer that is behind.
 */
final class ProgressLog
        implements Runnable
{
    private static final Logger log = LoggerFactory.getLogger(ProgressLog.class);

    private final PipelineRuntime runtime;
    private Map<String, Long> previous = Map.of();

    ProgressLog(PipelineRuntime runtime)
    {
        this.runtime = runtime;
    }

    @Override
    public void run()
    {
        Map<String, Long> counts = runtime.eventCounts();
        StringBuilder line = new StringBuilder("events since last report:");
        counts.forEach((type, count) -> line.append(' ').append(type).append('=').append(count - previous.getOrDefault(type, 0L)));
        previous = counts;
        BookStats books = runtime.bookStats();
        line.append("; books verified ").append(books.booksVerified()).append('/').append(books.books())
                .append(", gaps ").append(books.gaps()).append(", resyncs ").append(books.resyncs());
        for (ConsumerStage stage : runtime.bus().consumers()) {
            if (stage.lag() > 0 || stage.droppedCount() > 0) {
                line.append("; ").append(stage.name()).append(" lag ").append(stage.lag()).append(" dropped ").append(stage.droppedCount());
            }
        }
        log.info("{}", line);
    }
}
