package io.marketpipe.binance;

import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared adapter conformance checks, run against the Binance connector over real loopback
 * sockets with the recorded 2024 spot and USD-M captures.
 */
class BinanceConformanceTest
        extends ConnectorConformance
{
    /** The resync capture's extra snapshot is the book after this diff, well past the gap the check makes. */
    private static final int RESYNC_SNAPSHOT_AFTER_DIFF = 3000;

    @Override
    protected List<String> markets()
    {
        return List.of("spot", "usdm");
    }

    @Override
    protected Path capture(String market)
    {
        return Captures.require("binance/" + market + "-btcusdt-20240808.jsonl.gz");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        return ConnectorBlock.of("binance")
                .with("market", market)
                .with("symbols", List.of(market.equals("spot") ? "BTC/USDT" : "BTC/USDT:USDT"))
                .with("exchange-info", false);
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.contains("\"e\":\"depthUpdate\"");
    }

    /**
     * The captures hold one REST snapshot each; the resync needs a later one to bridge from.
     */
    @Override
    protected Path resyncCapture(String market)
    {
        return rewrittenCapture(market, (capture, rewritten) -> SnapshotCaptures.withExtraSnapshot(capture, rewritten, -1, RESYNC_SNAPSHOT_AFTER_DIFF));
    }
}
