package org.rhythm.app.wiring;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.rhythm.app.metrics.TaskMeters;

/**
 * Binds the meter registry of one Rhythm (a Prometheus one, scraped at {@code GET /metrics}) and
 * the task meters shared by the broker the service publishes through and the reports of Java
 * workers. {@link CoreModule} installs it.
 */
public final class MetricsModule extends AbstractModule {

  @Provides
  @Singleton
  PrometheusMeterRegistry prometheusRegistry() {
    // A meter whose name clashes with another's fails loudly instead of vanishing from scrapes.
    PrometheusMeterRegistry registry =
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT).throwExceptionOnRegistrationFailure();
    registry.config().meterFilter(TaskMeters.limitingTaskNames());
    return registry;
  }

  @Provides
  MeterRegistry meterRegistry(PrometheusMeterRegistry registry) {
    return registry;
  }

  @Provides
  @Singleton
  TaskMeters taskMeters(MeterRegistry registry) {
    return new TaskMeters(registry);
  }
}
