package io.marketpipe.coinbase;

import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;

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
    protected Path resyncCapture(String market)
    {
        return rewrittenCapture(market, (capture, rewritten) -> CoinbaseBooks.withFreshSnapshots(capture, rewritten, -1, SNAPSHOTS_AFTER_UPDATE));
    }
}
