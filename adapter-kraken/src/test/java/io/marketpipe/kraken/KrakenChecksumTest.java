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

    /**
     * The checksum written straight from unscaled values equals the one written from each
     * number's text, on random books: zeros, whole numbers, long fractions, values too large for
     * a long, and values finer than the precision.
     */
    @Test
    void digitsWrittenFromUnscaledValuesMatchTheNumbersText()
    {
        java.util.Random random = new java.util.Random(20210417);
        for (int round = 0; round < 2_000; round++) {
            List<PriceLevel> asks = randomLevels(random);
            List<PriceLevel> bids = randomLevels(random);
            assertEquals(fromText(asks, bids, -1, -1), KrakenChecksum.asWritten().compute(asks, bids), asks + " " + bids);
            int priceDecimals = random.nextInt(10);
            int quantityDecimals = random.nextInt(10);
            assertEquals(fromText(asks, bids, priceDecimals, quantityDecimals), KrakenChecksum.atPrecision(priceDecimals, quantityDecimals).compute(asks, bids),
                    priceDecimals + "/" + quantityDecimals + " " + asks + " " + bids);
        }
    }

    private static List<PriceLevel> randomLevels(java.util.Random random)
    {
        List<PriceLevel> levels = new ArrayList<>();
        for (int i = random.nextInt(12); i > 0; i--) {
            levels.add(new PriceLevel(randomDecimal(random), randomDecimal(random)));
        }
        return levels;
    }

    private static Decimal randomDecimal(java.util.Random random)
    {
        int scale = random.nextInt(13);
        return switch (random.nextInt(6)) {
            case 0 -> Decimal.of(0, scale);
            case 1 -> Decimal.parse("12345678901234567890123." + "7".repeat(scale + 1));
            case 2 -> Decimal.of(random.nextInt(100), scale);
            default -> Decimal.of(Math.abs(random.nextLong() % 1_000_000_000_000_000L), scale);
        };
    }

    /**
     * Kraken's rule as written: each number's text (at the precision where there is one and the
     * value fits it), without its point and leading zeros.
     */
    private static long fromText(List<PriceLevel> asks, List<PriceLevel> bids, int priceDecimals, int quantityDecimals)
    {
        StringBuilder text = new StringBuilder();
        for (List<PriceLevel> side : List.of(asks, bids)) {
            for (PriceLevel level : side.subList(0, Math.min(10, side.size()))) {
                text.append(withoutPointAndLeadingZeros(text(level.price(), priceDecimals)));
                text.append(withoutPointAndLeadingZeros(text(level.size(), quantityDecimals)));
            }
        }
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return crc.getValue();
    }

    private static String text(Decimal value, int decimals)
    {
        if (decimals < 0) {
            return value.toString();
        }
        try {
            return Long.toString(value.unscaledValue(decimals));
        }
        catch (ArithmeticException e) {
            return value.toString();
        }
    }

    private static String withoutPointAndLeadingZeros(String number)
    {
        return number.replace(".", "").replaceFirst("^0+", "");
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
