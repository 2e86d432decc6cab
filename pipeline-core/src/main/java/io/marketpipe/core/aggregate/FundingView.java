package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;

import java.util.Map;

import static java.util.Objects.requireNonNull;

/**
 * Funding rates of a perpetual across sources.
 *
 * @param rates the latest funding event of each source (connector instance name) that sent one
 * @param mean the mean rate over the healthy sources, or null when none is
 */
public record FundingView(Map<String, FundingRate> rates, Decimal mean)
{
    public FundingView
    {
        requireNonNull(rates, "rates is null");
        rates = Map.copyOf(rates);
    }
}
