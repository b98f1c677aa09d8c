package org.rhythm.adapter.amqp.celery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rhythm.adapter.inmemory.InMemoryResultStore;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.Reconciler;
import org.rhythm.ports.service.ReconcilerSettings;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;
import org.rhythm.testkit.time.MutableClock;

/**
 * Lease mode on RabbitMQ (DESIGN.md §3.9, §4 #10), with the in-memory store: a worker that
 * acknowledges each message as its task starts leaves nothing on the queue while the task runs, and
 * a task whose worker died holding the lease is sent again by the reconciler once the heartbeat
 * timeout has passed on the service's clock, then runs on another worker.
 */
class AckAtStartOverAmqpIT {
  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofMinutes(2);
  private static final Rabbitmqctl.Messages NONE = new Rabbitmqctl.Messages(0, 0);

  @RegisterExtension final RabbitBrokers rabbit = new RabbitBrokers();

  private final MutableClock clock = new MutableClock();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final AmqpCeleryBroker broker = rabbit.start(RabbitBrokers.settings());
  private final String queue = RabbitBrokers.freshQueue();
  private final WorkflowService service =
      new WorkflowService(
          store, broker, clock, Ids.random(), ServiceSettings.DEFAULTS.withDefaultQueue(queue));
  private final Reconciler reconciler =
      new Reconciler(service, new ReconcilerSettings(Duration.ofMinutes(5), HEARTBEAT_TIMEOUT, 10));
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);
  private final List<TaskId> stageRuns = new CopyOnWriteArrayList<>();
  private final TaskRegistry registry =
      new TaskRegistry()
          .register("tasks.add", AckAtStartOverAmqpIT::add)
          .register("tasks.stage", this::stage);

  @Test
  void whileATaskAckedAtStartRunsNothingOfItIsLeftOnTheQueueAndTheWorkflowCompletes()
      throws Exception {
    startWorker("rhythm@leasing", broker);
    WorkflowId id = run();
    awaitLatch(started);

    Rabbitmqctl.Messages whileRunning = awaitNoneUnacknowledged();
    Heartbeat lease = store.find(id).orElseThrow().step(1).heartbeat();
    release.countDown();
    WorkflowView done = awaitStatus(id, WorkflowStatus.SUCCESS);

    assertThat(whileRunning).isEqualTo(NONE);
    assertThat(lease.leased()).isTrue();
    assertThat(lease.taskId()).isEqualTo(stageRuns.get(0));
    assertThat(stageRuns).hasSize(1);
    assertThat(done.steps()).allSatisfy(step -> assertThat(step.prevTaskRuns()).isEmpty());
    assertThat(record(done, 2).result()).isEqualTo(List.of(4L));
  }

  @Test
  void aTaskWhoseWorkerDiedHoldingTheLeaseIsSentAgainByTheReconcilerAndRunsOnAnotherWorker()
      throws Exception {
    AmqpCeleryBroker dyingBroker = rabbit.start(RabbitBrokers.settings());
    Worker dying = startWorker("rhythm@dying", dyingBroker);
    WorkflowId id = run();
    awaitLatch(started);
    awaitNoneUnacknowledged();
    // Interrupts the task without reporting it and stops its heartbeats, then drops the connection.
    dying.close();
    dyingBroker.close();
    Rabbitmqctl.Messages afterDeath = awaitNoneUnacknowledged();
    startWorker("rhythm@other", broker);
    clock.advance(HEARTBEAT_TIMEOUT);

    reconciler.reconcile();

    WorkflowView done = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(afterDeath).as("the acked message is not given back").isEqualTo(NONE);
    assertThat(stageRuns).hasSize(2).containsOnly(record(done, 1).taskId());
    assertThat(record(done, 1).worker()).isEqualTo("rhythm@other");
    assertThat(done.steps()).allSatisfy(step -> assertThat(step.prevTaskRuns()).isEmpty());
    assertThat(record(done, 2).result()).isEqualTo(List.of(4L));
  }

  private static List<Object> add(TaskContext context) {
    return List.of(((Number) context.args().get(0)).longValue() + 1);
  }

  /** Adds one too; its first run waits until the test releases it or its worker closes. */
  private List<Object> stage(TaskContext context) throws InterruptedException {
    stageRuns.add(context.taskId());
    if (stageRuns.size() == 1) {
      started.countDown();
      release.await();
    }
    return add(context);
  }

  private Worker startWorker(String name, AmqpCeleryBroker on) {
    Worker worker =
        new Worker(
            on,
            service,
            registry,
            WorkerSettings.of(name, List.of(queue), 1)
                .withHeartbeatInterval(Duration.ofMillis(100))
                .withAckAtStart(true));
    rabbit.closeAfter(worker);
    worker.start();
    return worker;
  }

  private WorkflowId run() {
    WorkflowId id =
        service.create(
            WorkflowSpec.of(
                "amqp",
                "ack-at-start",
                StepSpec.of("one", "tasks.add"),
                StepSpec.of("two", "tasks.stage"),
                StepSpec.of("three", "tasks.add")));
    service.start(id, List.of(1), Map.of());
    return id;
  }

  /** The queue's counts once RabbitMQ holds no unacknowledged delivery of it. */
  private Rabbitmqctl.Messages awaitNoneUnacknowledged() throws Exception {
    return Await.value(
        "no unacknowledged message on " + queue,
        () ->
            Optional.of(Rabbitmqctl.messages(queue))
                .filter(messages -> messages.unacknowledged() == 0));
  }

  private WorkflowView awaitStatus(WorkflowId id, WorkflowStatus status) throws Exception {
    return Await.value(
        "workflow " + id + " " + status,
        () -> Optional.of(service.view(id, ALL_RUNS)).filter(view -> view.status().equals(status)));
  }

  private static void awaitLatch(CountDownLatch latch) throws InterruptedException {
    assertThat(latch.await(Await.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
        .as("the stage's first run started")
        .isTrue();
  }

  private static TaskRecord record(WorkflowView view, int step) {
    return view.steps().get(step).lastTaskRun().record();
  }
}
