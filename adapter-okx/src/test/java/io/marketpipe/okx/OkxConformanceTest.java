package io.marketpipe.okx;

import io.marketpipe.core.MarketPipe;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;
import io.marketpipe.testkit.venue.FakeVenue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The shared adapter conformance checks, run against the OKX connector over real loopback
 * sockets with the recorded 2022 {@code books} capture and the 2021 {@code books-l2-tbt} one
 * (OKEx host). A withheld update fails the next checksum; the connector resubscribes the book
 * and the fake venue answers with a snapshot of the state its script has reached.
 */
class OkxConformanceTest
        extends ConnectorConformance
{
    private static final Map<String, String> CAPTURES = Map.of(
            "books", "okx/okx-books-trades-tickers-20220513.jsonl.gz",
            "books-l2-tbt", "okx/okex-l2tbt-conn1-20210722.jsonl.gz");

    @Override
    protected long decodeErrors(MarketPipe pipe, String connector)
    {
        return sumCounters(pipe, connector, name -> name.endsWith("frames.invalid"));
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.contains("\"action\":\"update\"");
    }

    @Override
    protected String connectorType()
    {
        return "okx";
    }

    @Override
    protected Path capture(String market)
    {
        return Captures.require(CAPTURES.get(market));
    }

    @Override
    protected FakeVenue.Builder venue(Path capture)
            throws IOException
    {
        return ResubscribingVenue.of(capture);
    }

    /**
     * Both captures mix spot, swaps, futures (and options): the "markets" checked are their book channels.
     */
    @Override
    protected List<String> markets()
    {
        return List.of("books", "books-l2-tbt");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        List<String> symbols;
        try (CaptureReader reader = CaptureReader.open(capture(market))) {
            symbols = reader.header().symbols().stream().map(id -> OkxSymbols.fromNative(id).symbol()).collect(Collectors.toList());
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ConnectorBlock.of("okx")
                .with("market", "mixed")
                .with("symbols", symbols)
                .with("channels", List.of("trades", "ticker", "book"))
                .with("book-channel", market)
                .with("load-instruments", false);
    }
}
