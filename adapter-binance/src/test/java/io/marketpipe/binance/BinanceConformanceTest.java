package io.marketpipe.binance;import io.marketpipe.core.MarketPipe;import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;
import io.marketpipe.toolkit.DecodeException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    private final Map<String, Path> resyncCaptures = new HashMap<>();

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
    protected synchronized Path resyncCapture(String market)
    {
        return resyncCaptures.computeIfAbsent(market, key -> {
            try {
                Path modified = Files.createTempFile("binance-" + key + "-resync", ".jsonl.gz");
                modified.toFile().deleteOnExit();
                SnapshotCaptures.withExtraSnapshot(capture(key), modified, -1, RESYNC_SNAPSHOT_AFTER_DIFF);
                return modified;
            }
            catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            catch (DecodeException e) {
                throw new IllegalStateException("cannot build the resync capture: " + e.getMessage(), e);
            }
        });
    }
}
