package io.marketpipe.core.internal.runtime;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.health.HealthCheckRegistry;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.marketpipe.api.metrics.Metrics;
import io.marketpipe.core.internal.metrics.DropwizardMetrics;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metric and health check registries, the root metrics scope every component counts in,
 * and the scheduler that runs the pipeline's timers.
 */
final class ObservabilityModule
        extends AbstractModule
{
    @Override
    protected void configure()
    {
        bind(MetricRegistry.class).toInstance(new MetricRegistry());
        bind(HealthCheckRegistry.class).toInstance(new HealthCheckRegistry());
        bind(Metrics.class).to(DropwizardMetrics.class);
    }

    @Provides
    @Singleton
    DropwizardMetrics rootMetrics(MetricRegistry registry)
    {
        return new DropwizardMetrics(registry, "");
    }

    @Provides
    @Singleton
    ScheduledExecutorService scheduler()
    {
        AtomicInteger threads = new AtomicInteger();
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "marketpipe-scheduler-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }
}
