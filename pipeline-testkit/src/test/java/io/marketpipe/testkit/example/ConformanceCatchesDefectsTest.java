package io.marketpipe.testkit.example;

import io.marketpipe.testkit.example.ExampleVenueConnector.Defect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every check of the conformance suite fails for a connector that breaks the rule it checks.
 * The suite waits less here than usual: a failing check waits its full timeout.
 */
class ConformanceCatchesDefectsTest
{
    private static final Duration AWAIT_TIMEOUT = Duration.ofSeconds(2);

    @TempDir
    static Path captures;

    @BeforeAll
    static void writeCaptures()
            throws IOException
    {
        ExampleVenueConformance.writeCaptures(captures);
    }

    @Test
    void aConnectorThatDoesNotSubscribeFailsTheSubscriptionCheck()
    {
        assertFails(Defect.NO_SUBSCRIPTION, suite -> () -> suite.connectsAndSubscribes("spot"), "the connector subscribed");
    }

    @Test
    void aSubscriptionMissingARecordedSymbolFailsTheSubscriptionCheck()
    {
        assertFails(Defect.FIRST_SYMBOL_ONLY, suite -> () -> suite.connectsAndSubscribes("margin"), "does not name [XYZUSD]");
    }

    @Test
    void aBookWithItsSidesSwappedFailsTheVerifiedBooksCheckOverWebSocket()
    {
        assertFails(Defect.SWAPPED_SIDES, suite -> () -> suite.verifiesBooksOverWebSocket("spot"), "every book the connector keeps is verified");
    }

    @Test
    void aBookWithItsSidesSwappedFailsTheVerifiedBooksCheckInReplay()
    {
        assertFails(Defect.SWAPPED_SIDES, suite -> () -> suite.verifiesBooksInReplay("spot"), "books verified");
    }

    @Test
    void sizesThroughBinaryFloatingPointFailTheCanonicalEventsCheck()
    {
        assertFails(Defect.FLOAT_SIZES, suite -> () -> suite.emitsCanonicalEvents("spot"), "no frame the venue sent has the price");
    }

    @Test
    void nativeSymbolsFailTheCanonicalEventsCheck()
    {
        assertFails(Defect.NATIVE_SYMBOLS, suite -> () -> suite.emitsCanonicalEvents("spot"), "not a configured canonical symbol");
    }

    @Test
    void pricesThroughBinaryFloatingPointFailTheCanonicalEventsCheck()
    {
        assertFails(Defect.FLOAT_PRICES, suite -> () -> suite.emitsCanonicalEvents("spot"), "no frame the venue sent has the price");
    }

    @Test
    void uncountedDecodeErrorsFailTheGarbageCheck()
    {
        assertFails(Defect.SILENT_DECODE_ERRORS, suite -> () -> suite.survivesGarbageFrames("spot"), "counted both bad frames in a metric");
    }

    @Test
    void aBookLeftUnverifiedAfterAGapFailsTheResyncCheck()
    {
        assertFails(Defect.NO_RESYNC, suite -> () -> suite.resyncsAfterGap("spot"), "every book is verified again");
    }

    @Test
    void aConnectorThatStaysDisconnectedFailsTheReconnectCheck()
    {
        assertFails(Defect.NO_RECONNECT, suite -> () -> suite.reconnectsAfterVenueDropsConnection("spot"), "the connector reconnected");
    }

    private static void assertFails(Defect defect, Function<ExampleVenueConformance, Executable> check, String expected)
    {
        ExampleVenueConformance suite = new ExampleVenueConformance(defect, AWAIT_TIMEOUT);
        suite.useCaptures(captures);
        AssertionFailedError failure = assertThrows(AssertionFailedError.class, check.apply(suite));
        assertTrue(failure.getMessage().contains(expected), () -> "expected the failure to say \"" + expected + "\", got: " + failure.getMessage());
    }
}
