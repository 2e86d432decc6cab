package io.marketpipe.core.internal.quality;

import com.codahale.metrics.health.HealthCheck;
import io.marketpipe.core.quality.QualityLevel;
import io.marketpipe.core.quality.SourceQuality;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static java.util.Objects.requireNonNull;

/**
 * Health of one source by its quality score: unhealthy when degraded or critical, with the
 * reasons in the message and the details ({@code level}, {@code score}, {@code reasons}, and the
 * score of each instrument under {@code instruments}).
 */
public final class QualityHealthCheck
        extends HealthCheck
{
    private final Supplier<Optional<SourceQuality>> latest;

    /**
     * @param latest the source's latest score, if it has been scored
     */
    public QualityHealthCheck(Supplier<Optional<SourceQuality>> latest)
    {
        this.latest = requireNonNull(latest, "latest is null");
    }

    @Override
    protected Result check()
    {
        Optional<SourceQuality> scored = latest.get();
        if (scored.isEmpty()) {
            return Result.builder().healthy().withMessage("not scored yet").withDetail("level", QualityLevel.HEALTHY.wireName()).build();
        }
        SourceQuality quality = scored.get();
        Map<String, Integer> instruments = new LinkedHashMap<>();
        quality.instruments().forEach(instrument -> instruments.put(instrument.instrument().symbol(), instrument.score()));
        ResultBuilder result = Result.builder()
                .withDetail("level", quality.level().wireName())
                .withDetail("score", quality.score())
                .withDetail("reasons", quality.reasons())
                .withDetail("instruments", instruments);
        if (quality.level() == QualityLevel.HEALTHY) {
            return result.healthy().build();
        }
        return result.unhealthy()
                .withMessage(quality.level().wireName() + " (quality " + quality.score() + "): " + String.join("; ", quality.reasons()))
                .build();
    }
}
