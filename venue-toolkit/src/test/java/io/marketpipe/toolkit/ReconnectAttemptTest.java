package io.marketpipe.toolkit;

import io.marketpipe.api.connector.ReconnectPolicy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

class ReconnectAttemptTest
{
    private final ReconnectPolicy policy = mock(ReconnectPolicy.class);

    @Test
    void theFirstOutcomeReachesThePolicyAndLaterOnesAreIgnored()
    {
        ReconnectAttempt attempt = new ReconnectAttempt(policy);

        assertTrue(attempt.succeeded());
        assertFalse(attempt.failed("dropped after its first frame"));
        assertFalse(attempt.succeeded());

        verify(policy, times(1)).succeeded();
        verify(policy, never()).failed(anyString());
        assertTrue(attempt.settled());
    }

    @Test
    void aFailureIsReportedOnceWithItsReason()
    {
        ReconnectAttempt attempt = new ReconnectAttempt(policy);

        assertTrue(attempt.failed("connection refused"));
        assertFalse(attempt.failed("connection refused again"));
        assertFalse(attempt.succeeded());

        verify(policy, times(1)).failed("connection refused");
        verify(policy, never()).succeeded();
    }
}
