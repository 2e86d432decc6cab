package io.marketpipe.kraken;

import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared adapter conformance checks, run against the Kraken connector (WebSocket v1) over
 * real loopback sockets with the recorded 2021 v1 capture.
 *
 * <p>The gap check does not apply: Kraken books are re-synchronised by subscribing again, which
 * a played-back recording cannot answer with a fresh snapshot. {@link KrakenChecksumResyncTest}
 * covers that path against a fake Kraken that does.
 */
class KrakenConformanceTest
        extends ConnectorConformance
{
    @Override
    protected Path capture(String market)
    {
        return Captures.require("kraken/kraken-v1-20210417.jsonl.gz");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        return ConnectorBlock.of("kraken")
                .with("market", market)
                .with("api", "v1")
                .with("book-depth", 1000)
                .with("channels", List.of("trades", "quotes", "ticker", "book"))
                .with("symbols", List.of("WAVES/EUR", "XMR/USD", "KSM/BTC", "GRT/ETH", "SC/EUR", "ETH/CHF", "OCEAN/BTC", "OMG/USD", "BTC/CHF", "ADA/BTC"));
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.startsWith("[") && frame.contains("\"c\":\"");
    }

    @Override
    protected boolean applies(Check check, String market)
    {
        return check != Check.GAP_RESYNC;
    }
}
