package io.marketpipe.core.internal.aggregate;

import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.api.model.BookDepth;
import io.marketpipe.api.model.Decimal;
import io.marketpipe.api.model.FundingRate;
import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.MarketEvent;
import io.marketpipe.api.model.PriceLevel;
import io.marketpipe.api.model.Quote;
import io.marketpipe.api.model.Side;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.api.model.Ticker;
import io.marketpipe.api.model.Trade;
import io.marketpipe.core.aggregate.ConsensusMode;
import io.marketpipe.core.aggregate.ConsolidatedView;
import io.marketpipe.core.aggregate.SourceView;
import io.marketpipe.core.internal.quality.DecayingSum;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

import static java.util.Objects.requireNonNull;

/**
 * One canonical instrument across its sources: the latest top of book, book, trades and funding
 * of each, and which source is active. The active source starts as the configured primary (or
 * the first source to publish); when it becomes unhealthy the healthiest other source takes
 * over, and the primary takes back over once it has been healthy, with {@code return-quality},
 * for {@code return-after}. Every switch is a {@code failover} status. Thread-safe.
 */
final class InstrumentAggregate
{
    private static final long NEVER = Long.MIN_VALUE;
    // means keep this many more decimals than the most precise price averaged
    private static final int EXTRA_SCALE = 2;

    private final ConsolidatedView.AggregateKey key;
    private final String primary;
    private final AggregationSettings settings;
    private final long staleNanos;
    private final long returnNanos;
    private final long createdNanos;
    private final Metrics.Counter failoverCount;
    private final Metrics.Counter allFailovers;

    // guarded by this
    private final Map<String, SourceState> sources = new LinkedHashMap<>();
    private String active;
    private long primaryHealthySince = NEVER;
    private ConsolidatedView.Failover lastFailover;
    private long failovers;

    private volatile int healthySources;

    /**
     * @param primary the configured primary source of the symbol, or null
     * @param createdNanos when aggregation of the instrument began: a source that has not
     *        published is stale {@code stale-after} from here
     * @param metrics where the instrument's metrics go, under {@code aggregation.<kind>.<symbol>}
     * @param allFailovers the count of switches over every instrument
     */
    InstrumentAggregate(ConsolidatedView.AggregateKey key, String primary, AggregationSettings settings, long createdNanos, Metrics metrics, Metrics.Counter allFailovers)
    {
        this.key = requireNonNull(key, "key is null");
        this.primary = primary;
        this.settings = requireNonNull(settings, "settings is null");
        this.staleNanos = settings.staleAfter().toNanos();
        this.returnNanos = settings.returnAfter().toNanos();
        this.createdNanos = createdNanos;
        this.allFailovers = requireNonNull(allFailovers, "allFailovers is null");
        String scope = "aggregation." + key.metricName() + ".";
        this.failoverCount = metrics.counter(scope + "failovers");
        metrics.gauge(scope + "healthy-sources", () -> healthySources);
        if (primary != null) {
            sources.put(primary, new SourceState(primary, settings.pressureHalfLife().toNanos()));
            active = primary;
        }
    }

    ConsolidatedView.AggregateKey key()
    {
        return key;
    }

    synchronized boolean hasSource(String source)
    {
        return sources.containsKey(source);
    }

    synchronized void update(String source, MarketEvent event)
    {
        SourceState state = sources.computeIfAbsent(source, name -> new SourceState(name, settings.pressureHalfLife().toNanos()));
        if (active == null) {
            active = source;
        }
        state.instrument = event.instrument();
        long received = event.receivedNanos();
        state.updatedNanos = Math.max(state.updatedNanos, received);
        if (event instanceof BookDepth book) {
            state.book = book;
            state.top(book.bestBid(), book.bestAsk());
        }
        else if (event instanceof Quote quote) {
            state.top(new PriceLevel(quote.bidPrice(), quote.bidSize()), new PriceLevel(quote.askPrice(), quote.askSize()));
        }
        else if (event instanceof Ticker ticker) {
            if (ticker.bid() != null && ticker.ask() != null) {
                state.top(new PriceLevel(ticker.bid(), orZero(ticker.bidSize())), new PriceLevel(ticker.ask(), orZero(ticker.askSize())));
            }
            if (ticker.last() != null && state.lastTrade == null) {
                state.lastTrade = ticker.last();
            }
        }
        else if (event instanceof Trade trade) {
            state.lastTrade = trade.price();
            if (trade.side() == Side.BUY) {
                state.buys.add(trade.size().doubleValue(), received);
            }
            else if (trade.side() == Side.SELL) {
                state.sells.add(trade.size().doubleValue(), received);
            }
        }
        else if (event instanceof FundingRate funding) {
            state.funding = funding;
        }
    }

    /**
     * Checks the active source and the primary's recovery as of {@code now}.
     *
     * @return the {@code failover} status events of the switches made
     */
    synchronized List<SourceStatus> evaluate(long now, SourceConnections connections, QualityScores quality)
    {
        Map<String, Health> health = health(now, connections, quality);
        if (active == null) {
            return List.of();
        }
        Health current = health.get(active);
        if (!current.healthy()) {
            primaryHealthySince = NEVER;
            String best = healthiest(health, active);
            return best == null ? List.of() : List.of(switchTo(best, active + " " + current.problem(), now));
        }
        if (primary == null || active.equals(primary)) {
            return List.of();
        }
        Health preferred = health.get(primary);
        if (!preferred.usable() || (preferred.quality() >= 0 && preferred.quality() < settings.returnQuality())) {
            primaryHealthySince = NEVER;
            return List.of();
        }
        if (primaryHealthySince == NEVER) {
            primaryHealthySince = now;
        }
        if (now - primaryHealthySince < returnNanos) {
            return List.of();
        }
        String score = preferred.quality() >= 0 ? " with quality " + preferred.quality() : "";
        return List.of(switchTo(primary, primary + " recovered: healthy for " + duration(now - primaryHealthySince) + score, now));
    }

    synchronized ConsolidatedView view(long now, SourceConnections connections, QualityScores quality)
    {
        Map<String, Health> health = health(now, connections, quality);
        List<SourceView> views = new ArrayList<>(sources.size());
        List<SourceState> usable = new ArrayList<>();
        for (SourceState state : sources.values()) {
            Health sourceHealth = health.get(state.source);
            views.add(new SourceView(state.source, state.instrument, state.bid, state.ask, state.price(), state.updatedNanos,
                    sourceHealth.quality(), sourceHealth.healthy(), sourceHealth.problem()));
            if (sourceHealth.usable()) {
                usable.add(state);
            }
        }

        ConsolidatedView.SourcePrice bestBid = null;
        ConsolidatedView.SourcePrice bestAsk = null;
        double buys = 0;
        double sells = 0;
        for (SourceState state : usable) {
            if (state.bid != null && (bestBid == null || state.bid.price().compareTo(bestBid.price()) > 0)) {
                bestBid = new ConsolidatedView.SourcePrice(state.source, state.bid.price(), state.bid.size());
            }
            if (state.ask != null && (bestAsk == null || state.ask.price().compareTo(bestAsk.price()) < 0)) {
                bestAsk = new ConsolidatedView.SourcePrice(state.source, state.ask.price(), state.ask.size());
            }
            buys += state.buys.value(now);
            sells += state.sells.value(now);
        }
        Decimal spread = null;
        double spreadBps = Double.NaN;
        if (bestBid != null && bestAsk != null) {
            spread = bestAsk.price().subtract(bestBid.price());
            double mid = (bestAsk.price().doubleValue() + bestBid.price().doubleValue()) / 2;
            spreadBps = mid > 0 ? spread.doubleValue() / mid * 10_000 : Double.NaN;
        }

        List<ConsolidatedView.MergedLevel> bids = merge(usable, true);
        List<ConsolidatedView.MergedLevel> asks = merge(usable, false);
        double imbalance = imbalance(bids, asks);
        double pressure = buys + sells > 0 ? buys / (buys + sells) : Double.NaN;

        return new ConsolidatedView(key, now, bestBid, bestAsk, spread, spreadBps, bids, asks, imbalance, pressure,
                consensus(usable, health), active, primary, lastFailover, failovers, views, funding(usable));
    }

    private Map<String, Health> health(long now, SourceConnections connections, QualityScores quality)
    {
        Map<String, Health> health = new LinkedHashMap<>();
        int usable = 0;
        for (SourceState state : sources.values()) {
            Health sourceHealth = state.health(now, connections, quality);
            health.put(state.source, sourceHealth);
            if (sourceHealth.usable()) {
                usable++;
            }
        }
        healthySources = usable;
        return health;
    }

    /**
     * @return the usable source with the best quality other than {@code excluded}, the primary on a tie, or null
     */
    private String healthiest(Map<String, Health> health, String excluded)
    {
        String best = null;
        int bestQuality = -1;
        for (Map.Entry<String, Health> entry : health.entrySet()) {
            Health candidate = entry.getValue();
            if (entry.getKey().equals(excluded) || !candidate.usable()) {
                continue;
            }
            int quality = candidate.quality() < 0 ? 100 : candidate.quality();
            if (quality > bestQuality || (quality == bestQuality && entry.getKey().equals(primary))) {
                best = entry.getKey();
                bestQuality = quality;
            }
        }
        return best;
    }

    private SourceStatus switchTo(String to, String reason, long now)
    {
        String from = active;
        Instrument instrument = sources.get(to).instrument;
        lastFailover = new ConsolidatedView.Failover(from, to, reason, now);
        failovers++;
        failoverCount.inc();
        allFailovers.inc();
        active = to;
        primaryHealthySince = NEVER;
        return new SourceStatus(to, instrument.venue(), instrument.market(), instrument, 0, now, SourceStatus.Kind.FAILOVER,
                key + ": consensus source " + from + " -> " + to + ": " + reason);
    }

    private ConsolidatedView.Consensus consensus(List<SourceState> usable, Map<String, Health> health)
    {
        List<SourceState> priced = usable.stream().filter(state -> state.price() != null).toList();
        ConsensusMode mode = settings.consensus();
        ConsolidatedView.Consensus consensus = null;
        if (!priced.isEmpty()) {
            consensus = switch (mode) {
                case PRIMARY -> priced.stream()
                        .filter(state -> state.source.equals(active))
                        .findFirst()
                        .map(state -> new ConsolidatedView.Consensus(state.price(), mode, List.of(state.source), false))
                        .orElse(null);
                case LATEST -> {
                    SourceState latest = priced.stream().max(Comparator.comparingLong(state -> state.updatedNanos)).orElseThrow();
                    yield new ConsolidatedView.Consensus(latest.price(), mode, List.of(latest.source), false);
                }
                case AVERAGE -> new ConsolidatedView.Consensus(weightedMean(priced, null), mode, names(priced), false);
                case QUALITY_WEIGHTED -> new ConsolidatedView.Consensus(weightedMean(priced, health), mode, names(priced), false);
            };
        }
        if (consensus == null && active != null && sources.get(active).price() != null) {
            consensus = new ConsolidatedView.Consensus(sources.get(active).price(), mode, List.of(active), true);
        }
        return consensus;
    }

    private ConsolidatedView.FundingView funding(List<SourceState> usable)
    {
        Map<String, FundingRate> rates = new LinkedHashMap<>();
        for (SourceState state : sources.values()) {
            if (state.funding != null) {
                rates.put(state.source, state.funding);
            }
        }
        if (rates.isEmpty()) {
            return null;
        }
        List<Decimal> current = usable.stream().filter(state -> state.funding != null).map(state -> state.funding.rate()).toList();
        return new ConsolidatedView.FundingView(rates, current.isEmpty() ? null : mean(current, null));
    }

    /**
     * @param health the sources' health, whose quality scores weigh their prices, or null for equal weights
     */
    private static Decimal weightedMean(List<SourceState> priced, Map<String, Health> health)
    {
        List<Decimal> prices = priced.stream().map(SourceState::price).toList();
        if (health == null) {
            return mean(prices, null);
        }
        // an unscored source counts fully; all-zero weights fall back to equal ones
        List<Integer> weights = priced.stream().map(state -> {
            int quality = health.get(state.source).quality();
            return quality < 0 ? 100 : quality;
        }).toList();
        return weights.stream().mapToInt(Integer::intValue).sum() == 0 ? mean(prices, null) : mean(prices, weights);
    }

    private static Decimal mean(List<Decimal> values, List<Integer> weights)
    {
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal total = BigDecimal.ZERO;
        int scale = 0;
        for (int i = 0; i < values.size(); i++) {
            BigDecimal value = values.get(i).toBigDecimal();
            BigDecimal weight = BigDecimal.valueOf(weights == null ? 1 : weights.get(i));
            sum = sum.add(value.multiply(weight));
            total = total.add(weight);
            scale = Math.max(scale, value.scale());
        }
        BigDecimal mean = sum.divide(total, scale + EXTRA_SCALE, RoundingMode.HALF_EVEN).stripTrailingZeros();
        return Decimal.valueOf(mean.scale() < 0 ? mean.setScale(0) : mean);
    }

    private List<ConsolidatedView.MergedLevel> merge(List<SourceState> usable, boolean bids)
    {
        TreeMap<Decimal, Map<String, Decimal>> levels = new TreeMap<>(bids ? Comparator.<Decimal>reverseOrder() : Comparator.<Decimal>naturalOrder());
        for (SourceState state : usable) {
            if (state.book == null) {
                continue;
            }
            for (PriceLevel level : bids ? state.book.bids() : state.book.asks()) {
                levels.computeIfAbsent(level.price(), price -> new LinkedHashMap<>()).merge(state.source, level.size(), Decimal::add);
            }
        }
        List<ConsolidatedView.MergedLevel> merged = new ArrayList<>(Math.min(levels.size(), settings.depth()));
        for (Map.Entry<Decimal, Map<String, Decimal>> level : levels.entrySet()) {
            if (merged.size() == settings.depth()) {
                break;
            }
            Decimal size = Decimal.ZERO;
            for (Decimal part : level.getValue().values()) {
                size = size.add(part);
            }
            merged.add(new ConsolidatedView.MergedLevel(level.getKey(), size, level.getValue()));
        }
        return merged;
    }

    private static double imbalance(List<ConsolidatedView.MergedLevel> bids, List<ConsolidatedView.MergedLevel> asks)
    {
        double bid = 0;
        double ask = 0;
        for (ConsolidatedView.MergedLevel level : bids) {
            bid += level.size().doubleValue();
        }
        for (ConsolidatedView.MergedLevel level : asks) {
            ask += level.size().doubleValue();
        }
        return bid + ask > 0 ? (bid - ask) / (bid + ask) : Double.NaN;
    }

    private static List<String> names(List<SourceState> states)
    {
        return states.stream().map(state -> state.source).toList();
    }

    private static Decimal orZero(Decimal value)
    {
        return value == null ? Decimal.ZERO : value;
    }

    static String duration(long nanos)
    {
        long millis = nanos / 1_000_000;
        return millis < 1000 ? millis + " ms" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * Whether a source counts for the instrument now.
     *
     * @param healthy connected and with data since, not stale and of sufficient quality (a source
     *        that has not published yet is healthy until {@code stale-after} from the start)
     * @param problem what is wrong when not healthy, phrased to follow the source's name, else null
     * @param quality its quality score, or -1 when not scored
     * @param published whether it has published for the instrument
     */
    private record Health(boolean healthy, String problem, int quality, boolean published)
    {
        /**
         * @return healthy and with data: fit to be active and to count in the consolidated view
         */
        boolean usable()
        {
            return healthy && published;
        }
    }

    /**
     * What one source has published for the instrument. Guarded by the aggregate.
     */
    private final class SourceState
    {
        private final String source;
        private final DecayingSum buys;
        private final DecayingSum sells;
        private Instrument instrument;
        private long updatedNanos;
        private PriceLevel bid;
        private PriceLevel ask;
        private BookDepth book;
        private Decimal lastTrade;
        private FundingRate funding;

        SourceState(String source, long pressureHalfLifeNanos)
        {
            this.source = source;
            this.buys = new DecayingSum(pressureHalfLifeNanos);
            this.sells = new DecayingSum(pressureHalfLifeNanos);
        }

        // a zero price is how some venues say a side is empty
        void top(PriceLevel bestBid, PriceLevel bestAsk)
        {
            bid = bestBid == null || bestBid.price().isZero() ? null : bestBid;
            ask = bestAsk == null || bestAsk.price().isZero() ? null : bestAsk;
        }

        Decimal price()
        {
            if (bid != null && ask != null) {
                return Decimal.valueOf(bid.price().add(ask.price()).toBigDecimal().divide(BigDecimal.valueOf(2)));
            }
            return lastTrade;
        }

        Health health(long now, SourceConnections connections, QualityScores quality)
        {
            OptionalInt score = instrument == null ? OptionalInt.empty() : quality.score(source, instrument);
            int value = score.orElse(-1);
            boolean published = updatedNanos != 0;
            String disconnect = connections.disconnectReason(source);
            if (disconnect != null) {
                return new Health(false, "is disconnected (" + disconnect + ")", value, published);
            }
            if (published && updatedNanos < connections.reconnectedNanos(source)) {
                return new Health(false, "has sent no data since it reconnected", value, published);
            }
            long age = now - (published ? updatedNanos : createdNanos);
            if (age >= staleNanos) {
                String problem = published
                        ? "has had no data for " + duration(age) + " (stale after " + duration(staleNanos) + ")"
                        : "has sent no data in the " + duration(age) + " since aggregation began";
                return new Health(false, problem, value, false);
            }
            if (score.isPresent() && value < settings.minQuality()) {
                return new Health(false, "has quality " + value + ", below " + settings.minQuality(), value, published);
            }
            return new Health(true, null, value, published);
        }
    }
}
