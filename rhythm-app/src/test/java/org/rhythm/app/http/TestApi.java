package org.rhythm.app.http;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.rhythm.adapter.inmemory.InMemoryBroker;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The API on a free port over a workflow service on the in-memory adapters, with a fixed clock and
 * numbered ids so that answers are the same in every run.
 */
final class TestApi implements AutoCloseable {
  static final Instant NOW = Instant.parse("2024-01-05T14:03:22.123Z");

  final InMemoryResultStore store = new InMemoryResultStore();
  final InMemoryBroker broker = new InMemoryBroker();
  final SettableClock clock = new SettableClock(NOW);
  final WorkflowService service =
      new WorkflowService(store, broker, clock, new NumberedIds(), ServiceSettings.DEFAULTS);
  final WorkflowHttpApi api;
  final ApiClient client;
  private Worker worker;

  TestApi(HttpSettings settings) {
    api = new WorkflowHttpApi(service, service, settings, Clock.systemUTC());
    api.start();
    client = new ApiClient(api.url(), TestKeys.token());
  }

  TestApi() {
    this(HttpSettings.of(TestKeys.publicKey()).withPort(0).withIssuer(TestKeys.ISSUER));
  }

  /** Runs these tasks from {@code queue} on a Java worker named {@code w1@test}. */
  void work(String queue, TaskRegistry tasks) {
    worker =
        new Worker(broker, service, tasks, WorkerSettings.of("w1@test", List.of(queue), 1), clock);
    worker.start();
  }

  @Override
  public void close() {
    api.close();
    if (worker != null) {
      worker.close();
    }
    broker.close();
  }

  /** Ids 00000000-0000-4000-8000-00000000000n, workflows and tasks from one sequence. */
  static final class NumberedIds implements Ids {
    private final AtomicLong next = new AtomicLong();

    static String number(long n) {
      return String.format("00000000-0000-4000-8000-%012d", n);
    }

    @Override
    public TaskId newTaskId() {
      return TaskId.of(number(next.incrementAndGet()));
    }

    @Override
    public WorkflowId newWorkflowId() {
      return WorkflowId.of(number(next.incrementAndGet()));
    }
  }
}
