package io.marketpipe.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.marketpipe.core.capture.CaptureLine;
import io.marketpipe.core.capture.CaptureReader;
import io.marketpipe.testkit.Captures;
import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;
import io.marketpipe.testkit.venue.FakeVenue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CAPTURES = Map.of(
            "books", "okx/okx-books-trades-tickers-20220513.jsonl.gz",
            "books-l2-tbt", "okx/okex-l2tbt-conn1-20210722.jsonl.gz");


    /**
     * An update that changes the best 25 levels: without sequence ids (both captures predate
     * them) only the checksum can reveal a lost update, and it covers those levels alone.
     */
    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        Set<String> detectable = new HashSet<>();
        Map<String, IndependentBook> books = new HashMap<>();
        try {
            for (CaptureLine line : CaptureReader.readAll(capture(market))) {
                JsonNode push = line.kind() == CaptureLine.Kind.RECV && line.data().startsWith("{") ? JSON.readTree(line.data()) : null;
                if (push == null || !push.path("arg").path("channel").asText().startsWith("books")) {
                    continue;
                }
                String instrumentId = push.path("arg").path("instId").asText();
                boolean update = push.path("action").asText().equals("update");
                for (JsonNode entry : push.path("data")) {
                    IndependentBook book = update ? books.get(instrumentId) : new IndependentBook();
                    if (book == null) {
                        continue;
                    }
                    int before = book.checksum();
                    book.apply(entry);
                    books.put(instrumentId, book);
                    if (update && book.checksum() != before) {
                        detectable.add(line.data());
                    }
                }
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return detectable::contains;
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
