package io.marketpipe.coinbase;

import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Predicate;

/**
 * The shared adapter conformance checks, run against the Exchange feed connector over real
 * loopback sockets with the recorded 2021 feed.
 */
class CoinbaseExchangeConformanceTest
        extends ConnectorConformance
{
    @Override
    protected Path capture(String market)
    {
        return Captures.require("coinbase/exchange-feed-20210417.jsonl.gz");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        return ConnectorBlock.of("coinbase-exchange")
                .with("symbols", List.of("SKL/USD", "SKL/BTC", "BAND/GBP", "NMR/EUR", "BAND/BTC", "YFI/BTC", "DASH/BTC", "NU/GBP", "CRV/EUR", "SKL/GBP"))
                .with("products", false);
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.contains("\"type\":\"l2update\"");
    }

    /**
     * The Exchange feed's level2 carries neither sequence numbers nor checksums: a lost update
     * cannot be told from the feed, so there is no gap to detect.
     */
    @Override
    protected boolean applies(Check check, String market)
    {
        return check != Check.GAP_RESYNC;
    }
}
