package io.marketpipe.core.internal.validation;

import static java.util.Objects.requireNonNull;

/**
 * What is wrong with a rejected event.
 *
 * @param rejection the reason, as counted in metrics
 * @param message names the field and value that failed, e.g. {@code trade 42: price -1.5 is not positive}
 */
public record Violation(Rejection rejection, String message)
{
    public Violation
    {
        requireNonNull(rejection, "rejection is null");
        requireNonNull(message, "message is null");
    }
}
