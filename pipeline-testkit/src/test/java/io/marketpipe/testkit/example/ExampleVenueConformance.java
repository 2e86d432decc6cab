package io.marketpipe.testkit.example;

import io.marketpipe.testkit.conformance.ConnectorBlock;
import io.marketpipe.testkit.conformance.ConnectorConformance;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static java.util.Objects.requireNonNull;

/**
 * The conformance suite configured for the example venue, on synthetic captures: one market with
 * one instrument, one with two. Its connector may be given a {@link ExampleVenueConnector.Defect}.
 */
class ExampleVenueConformance
        extends ConnectorConformance
{
    private static final Map<String, List<String>> SYMBOLS = Map.of(
            "spot", List.of("ABC/USD"),
            "margin", List.of("ABC/USD", "XYZ/USD"));

    private final ExampleVenueConnector.Defect defect;
    private final Duration awaitTimeout;
    private Path captures;

    ExampleVenueConformance(ExampleVenueConnector.Defect defect, Duration awaitTimeout)
    {
        this.defect = requireNonNull(defect, "defect is null");
        this.awaitTimeout = requireNonNull(awaitTimeout, "awaitTimeout is null");
    }

    /**
     * Writes the captures of every market into the directory.
     */
    static void writeCaptures(Path directory)
            throws IOException
    {
        for (Map.Entry<String, List<String>> market : SYMBOLS.entrySet()) {
            ExampleVenueCaptures.write(directory, market.getKey(), market.getValue().stream().map(symbol -> symbol.replace("/", "")).toList());
        }
    }

    /**
     * Plays the captures {@link #writeCaptures} wrote into the directory.
     */
    void useCaptures(Path directory)
    {
        captures = requireNonNull(directory, "directory is null");
    }

    @Override
    protected String connectorType()
    {
        return ExampleVenueConnector.VENUE;
    }

    @Override
    protected List<String> markets()
    {
        return List.of("spot", "margin");
    }

    @Override
    protected Path capture(String market)
    {
        return captures.resolve("example-" + market + ".jsonl.gz");
    }

    @Override
    protected ConnectorBlock connectorBlock(String market)
    {
        return ConnectorBlock.of(ExampleVenueConnector.VENUE)
                .with("market", market)
                .with("symbols", SYMBOLS.get(market))
                .with("defect", defect.name().toLowerCase(Locale.ROOT));
    }

    @Override
    protected Predicate<String> bookUpdateFrame(String market)
    {
        return frame -> frame.startsWith("{\"e\":\"depth\"");
    }

    @Override
    protected Duration awaitTimeout()
    {
        return awaitTimeout;
    }
}
