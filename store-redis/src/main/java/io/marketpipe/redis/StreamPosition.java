package io.marketpipe.redis;

/**
 * A Redis stream entry id, {@code millis-sequence}. Entries are appended with ids the store chooses:
 * the event's time in ms, or just after the stream's last id when the event is not newer, so a
 * stream keeps arrival order and a batch sent again gets the same ids, which Redis refuses as
 * already held instead of storing twice.
 */
record StreamPosition(long millis, long sequence)
{
    /**
     * @return the id of an entry for an event at {@code eventMillis} after this one
     */
    StreamPosition next(long eventMillis)
    {
        return eventMillis > millis ? new StreamPosition(eventMillis, 0) : new StreamPosition(millis, sequence + 1);
    }

    /**
     * @return the id of the first entry of a stream this store has not appended to yet
     */
    static StreamPosition first(long eventMillis)
    {
        // 0-0 is not a valid entry id
        return eventMillis > 0 ? new StreamPosition(eventMillis, 0) : new StreamPosition(0, 1);
    }

    @Override
    public String toString()
    {
        return millis + "-" + sequence;
    }
}
