package io.marketpipe.coinbase;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;
import io.marketpipe.toolkit.DecodeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared adapter conformance checks, run against the Advanced Trade connector over real
 * loopback sockets with the recorded 2026 capture.
 */
class CoinbaseConformanceTest
        extends ConnectorConformance
{
    /** The resync capture's fresh snapshots follow this level2 update, well past the update the check withholds. */
    private static final int SNAPSHOTS_AFTER_UPDATE = 400;

    private Path resyncCapture;

    @Override
    protected Path capture(String market)
    {
        return Captures.require("coinbase/advanced-trade-20260809.jsonl.gz");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        return ConnectorBlock.of("coinbase")
                .with("symbols", List.of("BTC/USD", "ETH/USD"))
                .with("channels", List.of("trades", "ticker", "book", "candles"));
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.contains("\"channel\":\"l2_data\"") && frame.contains("\"type\":\"update\"");
    }

    /**
     * Coinbase answers a level2 resubscription with fresh snapshots; the recording has none, so
     * the check plays a copy with snapshots rebuilt from the recording inserted later on.
     */
    @Override
    protected synchronized Path resyncCapture(String market)
    {
        if (resyncCapture == null) {
            try {
                resyncCapture = Files.createTempFile("coinbase-resync", ".jsonl.gz");
                resyncCapture.toFile().deleteOnExit();
                CoinbaseBooks.withFreshSnapshots(capture(market), resyncCapture, -1, SNAPSHOTS_AFTER_UPDATE);
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (DecodeException e) {
                throw new IllegalStateException("cannot build the resync capture: " + e.getMessage(), e);
            }
        }
        return resyncCapture;
    }
}
