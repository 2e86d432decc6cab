package io.marketpipe.core.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Texts set aside in a temporary file and read back by position: what a replay cannot afford to
 * hold in memory. The file is removed from its directory as soon as it is open where the system
 * allows it (its space is returned when it is closed, or when the process ends however it ends),
 * and otherwise when it is closed.
 *
 * <p>Not thread-safe: callers hold their own lock.
 */
final class SpillFile
        implements AutoCloseable
{
    private final Path path;
    private final FileChannel channel;
    private long size;

    private SpillFile(Path path, FileChannel channel)
    {
        this.path = path;
        this.channel = channel;
    }

    /**
     * Creates an empty spill file in the directory.
     */
    static SpillFile create(Path directory, String prefix)
            throws IOException
    {
        Path path = Files.createTempFile(directory, prefix, ".spill");
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
        }
        catch (IOException | RuntimeException e) {
            Files.deleteIfExists(path);
            throw e;
        }
        try {
            Files.deleteIfExists(path);
        }
        catch (IOException e) {
            // a system that keeps an open file in its directory: DELETE_ON_CLOSE removes it
        }
        return new SpillFile(path, channel);
    }

    /**
     * @return the position of the text, to read it back with {@link #read(Position)}
     */
    Position append(String text)
            throws IOException
    {
        ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        long offset = size;
        int length = bytes.remaining();
        while (bytes.hasRemaining()) {
            channel.write(bytes, offset + (length - bytes.remaining()));
        }
        size += length;
        return new Position(offset, length);
    }

    String read(Position position)
            throws IOException
    {
        ByteBuffer bytes = ByteBuffer.allocate(position.length());
        while (bytes.hasRemaining()) {
            if (channel.read(bytes, position.offset() + bytes.position()) < 0) {
                throw new IOException(path + ": spill file ends at " + size() + " bytes, before " + position);
            }
        }
        return new String(bytes.array(), StandardCharsets.UTF_8);
    }

    /**
     * @return the bytes written so far
     */
    long size()
    {
        return size;
    }

    @Override
    public void close()
            throws IOException
    {
        channel.close();
    }

    /**
     * Where a text lies in the file.
     */
    record Position(long offset, int length) {}
}
