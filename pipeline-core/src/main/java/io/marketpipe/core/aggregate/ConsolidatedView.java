package io.marketpipe.core.aggregate;

import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketKind;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One instrument consolidated across sources at one moment. Only healthy sources (connected,
 * fresh, of sufficient quality) count in the best bid and offer, the merged book, the imbalance
 * and the consensus; every source is listed in {@link #sources()} with its state.
 *
 * @param asOfNanos the clock time of the view, epoch ns
 * @param bestBid the highest bid over the sources, with its source, or null
 * @param bestAsk the lowest ask over the sources, with its source, or null
 * @param spread best ask minus best bid (negative when sources cross), or null without both
 * @param spreadBps the spread in basis points of the mid price, or NaN without both
 * @param bids the merged book's bids, best first, at most {@code depth} levels
 * @param asks the merged book's asks, best first
 * @param bookImbalance (bid size - ask size) / (bid size + ask size) over the merged book, -1 to 1, or NaN without a book
 * @param buyPressure the share of recent traded volume bought by takers over every source, 0 to 1, or NaN without trades
 * @param consensus the consensus price, or null when no source has a price
 * @param activeSource the source the consensus follows in {@code primary} mode and fails over from, or null before any
 * @param primarySource the configured primary, or null
 * @param lastFailover the latest switch of the active source, or null
 * @param failovers how many switches so far
 * @param funding funding rates across sources, or null when no source sent one
 */
public record ConsolidatedView(
        AggregateKey key,
        long asOfNanos,
        SourcePrice bestBid,
        SourcePrice bestAsk,
        Decimal spread,
        double spreadBps,
        List<MergedLevel> bids,
        List<MergedLevel> asks,
        double bookImbalance,
        double buyPressure,
        Consensus consensus,
        String activeSource,
        String primarySource,
        Failover lastFailover,
        long failovers,
        List<SourceView> sources,
        FundingView funding)
{
    public ConsolidatedView
    {
        requireNonNull(key, "key is null");
        bids = List.copyOf(bids);
        asks = List.copyOf(asks);
        sources = List.copyOf(sources);
    }

    public Optional<SourceView> source(String name)
    {
        return sources.stream().filter(view -> view.source().equals(name)).findFirst();
    }

    /**
     * The consensus price of an instrument. Means are rounded half-even to two more decimals than
     * the most precise price they average.
     *
     * @param sources the sources the price was taken from
     * @param fallback true when no source was healthy and the active source's last price stands in
     */
    public record Consensus(Decimal price, ConsensusMode mode, List<String> sources, boolean fallback)
    {
        public Consensus
        {
            requireNonNull(price, "price is null");
            requireNonNull(mode, "mode is null");
            sources = List.copyOf(sources);
        }
    }

    /**
     * A switch of an instrument's active source.
     *
     * @param from the source that was active
     * @param to the source that is active now
     * @param reason why: what was wrong with {@code from}, or that the primary {@code to} recovered
     * @param atNanos the clock time of the switch, epoch ns
     */
    public record Failover(String from, String to, String reason, long atNanos)
    {
        public Failover
        {
            requireNonNull(from, "from is null");
            requireNonNull(to, "to is null");
            requireNonNull(reason, "reason is null");
        }
    }

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

    /**
     * A price and size offered by one source, such as the best bid across sources.
     *
     * @param source the connector instance name
     */
    public record SourcePrice(String source, Decimal price, Decimal size)
    {
        public SourcePrice
        {
            requireNonNull(source, "source is null");
            requireNonNull(price, "price is null");
            requireNonNull(size, "size is null");
        }
    }

    /**
     * One price level of the merged book: the size resting at the price over every source.
     *
     * @param sizes the size each source (connector instance name) has at the price
     */
    public record MergedLevel(Decimal price, Decimal size, Map<String, Decimal> sizes)
    {
        public MergedLevel
        {
            requireNonNull(price, "price is null");
            requireNonNull(size, "size is null");
            sizes = Map.copyOf(sizes);
        }
    }

    /**
     * What instruments of different sources are consolidated under: the canonical symbol and the
     * market kind ({@code BTC/USDT} spot, {@code BTC/USDT:USDT} perpetual).
     */
    public record AggregateKey(String symbol, MarketKind kind)
    {
        public AggregateKey
        {
            requireNonNull(symbol, "symbol is null");
            requireNonNull(kind, "kind is null");
        }

        public static AggregateKey of(Instrument instrument)
        {
            return new AggregateKey(instrument.symbol(), instrument.kind());
        }

        /**
         * @return the name used in metrics, e.g. {@code spot.BTC/USDT}
         */
        public String metricName()
        {
            return kind.name().toLowerCase(Locale.ROOT) + "." + symbol;
        }

        @Override
        public String toString()
        {
            return symbol + " (" + kind.name().toLowerCase(Locale.ROOT) + ")";
        }
    }
}
