package io.marketpipe.store.sqlite;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static io.marketpipe.store.sqlite.TestStores.SPOT;
import static io.marketpipe.store.sqlite.TestStores.trades;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DamagedDatabaseTest
{
    private static final int PAGE_SIZE = 4096;

    @TempDir
    Path temp;

    @Test
    void aDamagedDatabaseIsRefusedBeforeAnythingIsWrittenToIt()
            throws Exception
    {
        Path file = temp.resolve("damaged.db");
        SqliteStore store = TestStores.open(file, "");
        store.write(trades(SPOT, 1, 20_000));
        store.flush();
        store.close();
        long pages = Files.size(file) / PAGE_SIZE;
        assertTrue(pages > 10, "pages: " + pages);
        byte[] garbage = new byte[PAGE_SIZE * 4];
        new Random(17).nextBytes(garbage);
        try (RandomAccessFile raw = new RandomAccessFile(file.toFile(), "rw")) {
            raw.seek(pages / 2 * PAGE_SIZE);
            raw.write(garbage);
        }
        byte[] damaged = Files.readAllBytes(file);

        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> TestStores.open(file, ""));

        assertTrue(refused.getMessage().contains(file.toString()), refused.getMessage());
        assertTrue(refused.getMessage().contains("damaged") || refused.getMessage().contains("malformed"), refused.getMessage());
        assertTrue(java.util.Arrays.equals(damaged, Files.readAllBytes(file)), "nothing was written to the damaged file");
    }

    @Test
    void aFileInTheWayOfTheDataDirectoryIsNamed()
            throws Exception
    {
        Path blocker = Files.writeString(temp.resolve("data"), "not a directory");

        UncheckedIOException refused = assertThrows(UncheckedIOException.class, () -> TestStores.open(blocker.resolve("marketpipe.db"), ""));

        assertTrue(refused.getMessage().contains(blocker + " is in the way"), refused.getMessage());
    }
}
