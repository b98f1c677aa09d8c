package org.rhythm.adapter.kafka;

import static org.assertj.core.api.Assertions.fail;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * Rhythm on the test Kafka: the real workflow service on an in-memory store, publishing through a
 * broker of its own, and workers each with their own {@link KafkaBroker}, so each is a member of
 * the queue's consumer group as a separate process would be. Topics and groups are the rig's own.
 */
final class KafkaRig implements AutoCloseable {
  static final String QUEUE = "work";
  static final Duration TIMEOUT = Duration.ofSeconds(30);
  static final ViewOptions ALL_RUNS = new ViewOptions(true, true);

  private final KafkaSettings settings;
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final KafkaBroker serviceBroker;
  private final WorkflowService service;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  /** A worker and the broker it alone uses. */
  record Member(Worker worker, KafkaBroker broker) {}

  KafkaRig(KafkaSettings settings) {
    this.settings = settings;
    this.serviceBroker = started(new KafkaBroker(settings));
    this.service =
        new WorkflowService(
            store,
            serviceBroker,
            Clock.systemUTC(),
            Ids.random(),
            ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE));
  }

  KafkaSettings settings() {
    return settings;
  }

  WorkflowService service() {
    return service;
  }

  InMemoryResultStore store() {
    return store;
  }

  /** Starts a worker on the queue with a broker of its own. */
  Member worker(String name, TaskRegistry registry, int concurrency) {
    KafkaBroker broker = started(new KafkaBroker(settings));
    Worker worker =
        new Worker(broker, service, registry, WorkerSettings.of(name, List.of(QUEUE), concurrency));
    toClose.add(worker);
    worker.start();
    return new Member(worker, broker);
  }

  private KafkaBroker started(KafkaBroker broker) {
    toClose.add(broker);
    broker.start();
    return broker;
  }

  WorkflowId run(List<Object> args, StepSpec... steps) {
    WorkflowId id = service.create(WorkflowSpec.of("kafka", "kafka-it", steps));
    service.start(id, args, Map.of());
    return id;
  }

  WorkflowView awaitStatus(WorkflowId id, WorkflowStatus status) {
    return await(id, view -> view.status().equals(status));
  }

  WorkflowView await(WorkflowId id, Predicate<WorkflowView> condition) {
    return awaitValue(() -> Optional.of(service.view(id, ALL_RUNS)).filter(condition));
  }

  /** How many task runs the store holds for step {@code index}. */
  static int runs(WorkflowView view, int index) {
    StepView step = view.steps().get(index);
    return step.prevTaskRuns().size() + (step.lastTaskRun() == null ? 0 : 1);
  }

  static void awaitTrue(BooleanSupplier condition) {
    awaitValue(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty());
  }

  /** Polls until {@code probe} gives a value, failing after {@link #TIMEOUT}. */
  static <T> T awaitValue(Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (Optional<T> value = probe.get(); ; value = probe.get()) {
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        return fail("nothing came within " + TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  /** Closes the workers and brokers, last started first. */
  @Override
  public void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }
}
