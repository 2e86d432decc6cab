package io.marketpipe.kafka;

/**
 * One consumer's share of the partitions: partition {@code p} of every topic belongs to shard
 * {@code p % count}. The default partitioner puts every record of an instrument in the partition
 * its key hashes to, so when {@code count} divides each topic's partition count, all the events of
 * an instrument, of every type, reach the same shard.
 *
 * @param index this consumer's shard, from 0
 * @param count how many shards share the topics
 */
record Shard(int index, int count)
{
    Shard
    {
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, got " + count);
        }
        if (index < 0 || index >= count) {
            throw new IllegalArgumentException("index must be from 0 to count - 1 (" + (count - 1) + "), got " + index);
        }
    }

    boolean owns(int partition)
    {
        return partition % count == index;
    }

    @Override
    public String toString()
    {
        return "shard " + index + " of " + count;
    }
}
