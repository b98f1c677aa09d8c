package org.rhythm.app.metrics;

import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.simple.SimpleConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowCommands;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The workflow service on the in-memory adapters, wired with the metering decorators as CoreModule
 * wires them, on a simple registry whose clock moves only when a test moves it.
 */
final class MeteredRhythm implements AutoCloseable {
  final MockClock clock = new MockClock();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry(SimpleConfig.DEFAULT, clock);
  final InMemoryResultStore store = new InMemoryResultStore();
  final InMemoryBroker broker = new InMemoryBroker();
  final TaskMeters meters = new TaskMeters(registry);
  final WorkflowService service =
      new WorkflowService(
          store,
          new TimedBroker(broker, meters),
          Clock.systemUTC(),
          Ids.random(),
          ServiceSettings.DEFAULTS);
  final WorkflowCommands commands = new MeteredWorkflowCommands(service, registry);
  final TaskReports reports = new MeteredTaskReports(service, meters);
  private final List<Worker> workers = new ArrayList<>();

  /** Runs these tasks from {@code queue} on a Java worker reporting through the decorator. */
  void work(String queue, TaskRegistry tasks) {
    Worker worker =
        new Worker(broker, reports, tasks, WorkerSettings.of("metered@test", List.of(queue), 1));
    workers.add(worker);
    worker.start();
  }

  WorkflowStatus status(WorkflowId id) {
    return service.view(id, ViewOptions.DEFAULT).status();
  }

  /** Waits up to ten seconds for the workflow to have {@code status}. */
  void awaitStatus(WorkflowId id, WorkflowStatus status) {
    await(() -> status(id).equals(status), "workflow " + id + " to be " + status);
  }

  /**
   * Waits up to ten seconds for {@code count} reports of {@code state} to be metered; the decorator
   * meters a report once the service has taken it, so just after the store shows it.
   */
  void awaitTransitions(String state, int count) {
    await(
        () -> {
          var counter = registry.find("rhythm.transitions").tag("state", state).counter();
          return counter != null && counter.count() >= count;
        },
        count + " transitions to " + state);
  }

  static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited ten seconds for " + what);
      }
      Thread.onSpinWait();
    }
  }

  @Override
  public void close() {
    workers.forEach(Worker::close);
    broker.close();
  }
}
