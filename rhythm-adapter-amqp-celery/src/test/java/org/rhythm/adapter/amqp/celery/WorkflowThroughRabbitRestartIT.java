package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.StepView;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.ForwardingBroker;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * A workflow on a Java worker through a restart of RabbitMQ ({@code rabbitmqctl stop_app}, then
 * {@code start_app}) while one of its steps runs: that step's message, unacked at the restart, is
 * delivered again, and the redelivery neither runs the step again nor advances the workflow twice
 * (DESIGN.md §3.4, §4 #3). The module's pom runs the restart ITs after the others, one at a time;
 * RabbitMQ is started again even when the test fails.
 */
class WorkflowThroughRabbitRestartIT {
  private static final Duration RECOVERY = Duration.ofSeconds(60);
  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  private final AmqpCeleryBroker broker =
      rabbit.start(
          RabbitBrokers.settings()
              .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(3), Duration.ofMillis(500)));
  private final String queue = RabbitBrokers.freshQueue();
  private final String probeQueue = rabbit.deleteAfter(RabbitBrokers.freshQueue());
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final WorkflowService service =
      new WorkflowService(
          store,
          broker,
          Clock.systemUTC(),
          Ids.random(),
          ServiceSettings.DEFAULTS.withDefaultQueue(queue));
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<Ran> ran = new CopyOnWriteArrayList<>();
  private final List<Received> received = new CopyOnWriteArrayList<>();

  /** One run of a task's code: its task id and the argument it got. */
  private record Ran(TaskId taskId, long argument) {}

  /** One delivery to the worker. */
  private record Received(TaskId taskId, boolean redelivered) {}

  @Test
  void aStepRunningThroughARestartIsDeliveredAgainYetRunsAndAdvancesTheWorkflowOnce()
      throws Exception {
    startWorker();
    WorkflowId id = run();
    assertThat(started.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the second step started")
        .isTrue();

    try {
      Rabbitmqctl.run("stop_app");
    } finally {
      Rabbitmqctl.run("start_app");
      Rabbitmqctl.run("await_startup");
    }
    // Its channel gone, the running step goes on under a lease, so that the copy RabbitMQ
    // delivers again is dropped rather than run.
    Await.value(
        "the second step held by a lease",
        RECOVERY,
        () ->
            Optional.ofNullable(store.find(id).orElseThrow().step(1).heartbeat())
                .filter(Heartbeat::leased));
    // Released once publications go through again: the step's success then dispatches the next.
    Await.value("a publication after the restart", RECOVERY, () -> tryPublishing(probe()));
    release.countDown();
    WorkflowView done =
        Await.value(
            "workflow " + id + " SUCCESS",
            RECOVERY,
            () ->
                Optional.of(service.view(id, ALL_RUNS))
                    .filter(view -> view.status().equals(WorkflowStatus.SUCCESS)));

    List<TaskId> tasks = done.steps().stream().map(step -> record(step).taskId()).toList();
    // One consumer with a prefetch of one: RabbitMQ delivers a message only once the one before it
    // is acked, so any message published twice shows here, in order.
    assertThat(received)
        .as("each step's message came once, the second step's again after the restart")
        .containsExactly(
            new Received(tasks.get(0), false),
            new Received(tasks.get(1), false),
            new Received(tasks.get(1), true),
            new Received(tasks.get(2), false));
    assertThat(ran)
        .as("each step's code ran once, with the first element of the previous step's result")
        .containsExactly(
            new Ran(tasks.get(0), 1L), new Ran(tasks.get(1), 2L), new Ran(tasks.get(2), 3L));
    assertThat(done.steps())
        .allSatisfy(
            step -> {
              assertThat(step.prevTaskRuns()).isEmpty();
              assertThat(record(step).state()).isEqualTo(TaskState.SUCCESS);
            });
    assertThat(record(done.steps().get(2)).result()).isEqualTo(List.of(4L));
  }

  private List<Object> add(TaskContext context) {
    long argument = ((Number) context.args().get(0)).longValue();
    ran.add(new Ran(context.taskId(), argument));
    return List.of(argument + 1);
  }

  /** Adds one too, once the test releases it. */
  private List<Object> stage(TaskContext context) throws InterruptedException {
    started.countDown();
    release.await();
    return add(context);
  }

  private void startWorker() {
    TaskRegistry registry =
        new TaskRegistry().register("tasks.add", this::add).register("tasks.stage", this::stage);
    Worker worker =
        new Worker(
            new Recording(broker, received),
            service,
            registry,
            WorkerSettings.of("rhythm@restart", List.of(queue), 1));
    rabbit.closeAfter(worker);
    worker.start();
  }

  private WorkflowId run() {
    WorkflowId id =
        service.create(
            WorkflowSpec.of(
                "amqp",
                "through-a-restart",
                StepSpec.of("one", "tasks.add"),
                StepSpec.of("two", "tasks.stage"),
                StepSpec.of("three", "tasks.add")));
    service.start(id, List.of(1), Map.of());
    return id;
  }

  /** A message for a queue of its own, which no one consumes. */
  private TaskMessage probe() {
    return new TaskMessage(
        TaskId.of(UUID.randomUUID().toString()),
        "tasks.probe",
        probeQueue,
        List.of(),
        Map.of(),
        new TaskPriority(0),
        0);
  }

  /** Publishes the message; empty while RabbitMQ is still out of reach. */
  private Optional<Boolean> tryPublishing(TaskMessage message) {
    try {
      broker.publish(message);
      return Optional.of(true);
    } catch (TransientFailureException stillRecovering) {
      return Optional.empty();
    }
  }

  private static TaskRecord record(StepView step) {
    return step.lastTaskRun().record();
  }

  /** The broker, noting each delivery to its consumers before handing it on. */
  private static final class Recording extends ForwardingBroker {
    private final List<Received> received;

    Recording(Broker broker, List<Received> received) {
      super(broker);
      this.received = received;
    }

    @Override
    public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
      return super.consume(
          queue,
          prefetch,
          delivery -> {
            received.add(new Received(delivery.message().taskId(), delivery.redelivered()));
            handler.accept(delivery);
          });
    }
  }
}
