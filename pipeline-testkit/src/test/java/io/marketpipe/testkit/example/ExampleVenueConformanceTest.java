package io.marketpipe.testkit.example;

import io.marketpipe.testkit.Await;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The conformance suite passes for a connector that keeps every rule.
 */
class ExampleVenueConformanceTest
        extends ExampleVenueConformance
{
    ExampleVenueConformanceTest()
    {
        super(ExampleVenueConnector.Defect.NONE, Await.DEFAULT_TIMEOUT);
    }

    @BeforeAll
    void prepareCaptures(@TempDir Path directory)
            throws IOException
    {
        writeCaptures(directory);
        useCaptures(directory);
    }
}
