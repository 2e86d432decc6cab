package io.marketpipe.core.internal.quality;

import io.marketpipe.api.model.Instrument;
import io.marketpipe.api.model.SourceStatus;
import io.marketpipe.core.quality.Freshness;
import io.marketpipe.core.quality.InstrumentQuality;
import io.marketpipe.core.quality.QualityLevel;
import io.marketpipe.core.quality.SourceQuality;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static java.util.Objects.requireNonNull;

/**
 * Threshold alerts of one source: remembers the freshness and level of each instrument and the
 * level of the source as of the last evaluation, and words a status event for every threshold
 * crossed since: {@code stale} when an instrument goes stale or expires, {@code info} for the way
 * back and for level changes. Not thread-safe: the source's evaluation lock guards it.
 */
final class QualityAlerts
{
    private final String source;
    private final Map<Instrument, Crossed> instruments = new HashMap<>();
    private QualityLevel sourceLevel = QualityLevel.HEALTHY;

    QualityAlerts(String source)
    {
        this.source = requireNonNull(source, "source is null");
    }

    /**
     * @return the instrument's level at the last evaluation, which a score must clear with a margin to improve
     */
    QualityLevel level(Instrument instrument)
    {
        Crossed crossed = instruments.get(instrument);
        return crossed == null ? QualityLevel.HEALTHY : crossed.level;
    }

    /**
     * @return the source's level at the last evaluation
     */
    QualityLevel sourceLevel()
    {
        return sourceLevel;
    }

    /**
     * Takes an evaluation in, instruments first, then the source as a whole.
     *
     * @param venue the venue to name in status events about the whole source
     * @param market the market to name in them
     * @return the status events for the thresholds crossed since the last evaluation
     */
    List<SourceStatus> crossings(SourceQuality quality, String venue, String market, long now)
    {
        List<SourceStatus> crossings = new ArrayList<>(1);
        for (InstrumentQuality instrument : quality.instruments()) {
            Crossed crossed = instruments.computeIfAbsent(instrument.instrument(), ignored -> new Crossed());
            crossed.crossings(instrument, !quality.connected(), now, crossings);
        }
        if (quality.level() != sourceLevel) {
            crossings.add(new SourceStatus(source, venue, market, null, 0, now, SourceStatus.Kind.INFO, QualityFormula.levelChange(quality.level(), quality.score(), quality.reasons())));
            sourceLevel = quality.level();
        }
        return crossings;
    }

    private final class Crossed
    {
        private QualityLevel level = QualityLevel.HEALTHY;
        private Freshness freshness = Freshness.FRESH;

        void crossings(InstrumentQuality quality, boolean disconnected, long now, List<SourceStatus> crossings)
        {
            String symbol = quality.instrument().symbol();
            if (quality.freshness() != freshness) {
                if (quality.freshness() == Freshness.FRESH) {
                    crossings.add(status(quality.instrument(), now, SourceStatus.Kind.INFO, symbol + ": data is fresh again"));
                }
                else {
                    crossings.add(status(quality.instrument(), now, SourceStatus.Kind.STALE, symbol + ": " + quality.reasons().stream()
                            .filter(reason -> reason.startsWith("no data"))
                            .collect(Collectors.joining("; "))));
                }
                freshness = quality.freshness();
            }
            else if (quality.level() != level && !disconnected) {
                crossings.add(status(quality.instrument(), now, SourceStatus.Kind.INFO, symbol + ": " + QualityFormula.levelChange(quality.level(), quality.score(), quality.reasons())));
            }
            level = quality.level();
        }

        private SourceStatus status(Instrument instrument, long now, SourceStatus.Kind kind, String reason)
        {
            return new SourceStatus(source, instrument.venue(), instrument.market(), instrument, 0, now, kind, reason);
        }
    }
}
