package io.marketpipe.store.sqlite;

import io.marketpipe.api.model.Instrument;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Lets through at most one event per instrument per interval of event time. Event time rather
 * than the wall clock makes the choice the same on every replay of a capture, so replaying it
 * again stores the same rows. Not thread-safe.
 */
final class Sampler
{
    private final long intervalMillis;
    private final Map<Instrument, Long> lastKept = new HashMap<>();

    Sampler(Duration interval)
    {
        this.intervalMillis = interval.toMillis();
    }

    /**
     * @return true when the event is to be kept
     */
    boolean keep(Instrument instrument, long eventMillis)
    {
        if (intervalMillis == 0) {
            return true;
        }
        Long last = lastKept.get(instrument);
        // time going backwards means older data is arriving (another replay): start over
        if (last == null || eventMillis >= last + intervalMillis || eventMillis < last) {
            lastKept.put(instrument, eventMillis);
            return true;
        }
        return false;
    }
}
