package org.rhythm.app.wiring;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.rhythm.app.metrics.MeteredTaskReports;
import org.rhythm.app.metrics.MeteredWorkflowCommands;
import org.rhythm.app.metrics.TaskMeters;
import org.rhythm.app.metrics.TimedBroker;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.in.WorkflowQueries;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ResultStore;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.Reconciler;
import org.rhythm.ports.service.ReconcilerSettings;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;

/**
 * Binds the workflow service, the reconciler, the clock and the ids; the ports come from an adapter
 * module. The commands and the task reports are metered, and the service publishes through a {@link
 * TimedBroker}, on the registry of the {@link MetricsModule} it installs.
 */
public final class CoreModule extends AbstractModule {
  private final ServiceSettings serviceSettings;
  private final ReconcilerSettings reconcilerSettings;

  public CoreModule(ServiceSettings serviceSettings, ReconcilerSettings reconcilerSettings) {
    this.serviceSettings = requireNonNull(serviceSettings, "serviceSettings");
    this.reconcilerSettings = requireNonNull(reconcilerSettings, "reconcilerSettings");
  }

  /** The core with default settings. */
  public CoreModule() {
    this(ServiceSettings.DEFAULTS, ReconcilerSettings.DEFAULTS);
  }

  @Override
  protected void configure() {
    install(new MetricsModule());
  }

  @Provides
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Provides
  @Singleton
  Ids ids() {
    return Ids.random();
  }

  @Provides
  @Singleton
  ServiceSettings serviceSettings() {
    return serviceSettings;
  }

  @Provides
  @Singleton
  WorkflowService workflowService(
      ResultStore store,
      Broker broker,
      Clock clock,
      Ids ids,
      ServiceSettings settings,
      TaskMeters meters) {
    return new WorkflowService(store, new TimedBroker(broker, meters), clock, ids, settings);
  }

  @Provides
  WorkflowCommands commands(WorkflowService service, MeterRegistry registry) {
    return new MeteredWorkflowCommands(service, registry);
  }

  @Provides
  WorkflowQueries queries(WorkflowService service) {
    return service;
  }

  @Provides
  TaskReports reports(WorkflowService service, TaskMeters meters) {
    return new MeteredTaskReports(service, meters);
  }

  @Provides
  @Singleton
  Reconciler reconciler(WorkflowService service) {
    return new Reconciler(service, reconcilerSettings);
  }
}
