package io.marketpipe.kraken;

import io.marketpipe.api.model.BookDelta;
import io.marketpipe.api.model.BookSnapshot;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.testkit.Captures;
import io.marketpipe.toolkit.DecodeException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/**
 * Kraken's CRC32 book checksum against Kraken's own examples.
 */
class KrakenChecksumTest
{
    private static final long DOCS_CHECKSUM = 3310070434L;

    /**
     * The v2 documentation's BTC/USD snapshot (price precision 1, quantity precision 8), read
     * from JSON numbers, verifies with the v2 algorithm.
     */
    @Test
    void v2DocumentationSnapshotVerifies()
            throws IOException, DecodeException
    {
        BookSnapshot snapshot = docsSnapshot();

        assertEquals(DOCS_CHECKSUM, snapshot.checksum(), "the checksum Kraken sent");
        assertEquals(DOCS_CHECKSUM, KrakenChecksum.atPrecision(1, 8).compute(snapshot.asks(), snapshot.bids()));
    }

    @Test
    void aChangedQuantityOrAWrongPrecisionChangesTheChecksum()
            throws IOException, DecodeException
    {
        BookSnapshot snapshot = docsSnapshot();
        List<PriceLevel> bids = new ArrayList<>(snapshot.bids());
        bids.set(3, new PriceLevel(bids.get(3).price(), Decimal.parse("0.1000001")));

        assertNotEquals(DOCS_CHECKSUM, KrakenChecksum.atPrecision(1, 8).compute(snapshot.asks(), bids));
        assertNotEquals(DOCS_CHECKSUM, KrakenChecksum.atPrecision(2, 8).compute(snapshot.asks(), snapshot.bids()));
    }

    /**
     * v1 checksums the numbers as written: trailing zeros count, leading zeros and the point do not.
     */
    @Test
    void v1ChecksumUsesTheNumbersAsWritten()
    {
        List<PriceLevel> asks = List.of(PriceLevel.parse("0.05005", "0.00000500"));
        List<PriceLevel> bids = List.of(PriceLevel.parse("0.05000", "0.00500000"));
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update("50055005000500000".getBytes(java.nio.charset.StandardCharsets.US_ASCII));

        assertEquals(crc.getValue(), KrakenChecksum.asWritten().compute(asks, bids));
    }

    static BookSnapshot docsSnapshot()
            throws IOException, DecodeException
    {
        String frame = Files.readString(Captures.require("kraken/v2-docs-book-snapshot.json"));
        List<BookSnapshot> snapshots = new ArrayList<>();
        new KrakenDecoder().decode(frame, 1, new RecordingHandler()
        {
            @Override
            public void bookSnapshot(KrakenApi api, int depth, BookSnapshot snapshot)
            {
                snapshots.add(snapshot);
            }
        });
        assertEquals(1, snapshots.size());
        return snapshots.get(0);
    }
}
