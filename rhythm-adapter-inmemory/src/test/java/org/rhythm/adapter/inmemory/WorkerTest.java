package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.StepSpec;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowSpec;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.TaskRunView;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.in.WorkflowView;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.Delivery;
import org.rhythm.ports.out.ForwardingBroker;
import org.rhythm.ports.out.Subscription;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.Reconciler;
import org.rhythm.ports.service.ReconcilerSettings;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.ports.worker.RetryPolicy;
import org.rhythm.ports.worker.RhythmTask;
import org.rhythm.ports.worker.TaskContext;
import org.rhythm.ports.worker.TaskRegistry;
import org.rhythm.ports.worker.Worker;
import org.rhythm.ports.worker.WorkerSettings;

/**
 * The worker runtime end to end, on the in-memory broker and store and the real workflow service.
 */
class WorkerTest {
  private static final String QUEUE = "q";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final ViewOptions ALL_RUNS = new ViewOptions(true, true);

  /** Adds one to its argument; the extra element shows that only the first one is handed on. */
  private static final RhythmTask ADD =
      context -> List.of(((Number) context.args().get(0)).longValue() + 1, "extra");

  /** Blocks until its thread is interrupted. */
  private static final RhythmTask BLOCK =
      context -> {
        new CountDownLatch(1).await();
        return List.of("never");
      };

  private final InMemoryBroker broker = new InMemoryBroker();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final WorkflowService service =
      new WorkflowService(
          store,
          broker,
          Clock.systemUTC(),
          Ids.random(),
          ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE));
  private final TaskRegistry registry = new TaskRegistry();
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeWorkersThenBroker() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    broker.close();
  }

  @Test
  void eachStepOfAWorkflowGetsTheFirstElementOfThePreviousResult() {
    List<List<Object>> seen = new CopyOnWriteArrayList<>();
    registry.register("tasks.add", context -> ADD.run(recording(seen, context)));
    startWorker(1);

    WorkflowId id =
        run(List.of(1), step("one", "tasks.add"), step("two", "tasks.add"), step("3", "tasks.add"));

    WorkflowView view = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(seen).containsExactly(List.of(1L), List.of(2L), List.of(3L));
    assertThat(record(view, 2).result()).isEqualTo(List.of(4L, "extra"));
  }

  @Test
  void progressOfARunningTaskIsVisibleInItsLastRun() {
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "tasks.copy",
        context -> {
          context.progress("copy", 10.0, "files").update(3);
          release.await();
          return List.of("copied");
        });
    startWorker(1);

    WorkflowId id = run(List.of(), step("copy", "tasks.copy"));

    WorkflowView running =
        await(
            id,
            view -> state(view, 0).equals(TaskState.STARTED) && record(view, 0).result() != null);
    release.countDown();
    assertThat(record(running, 0).state()).isEqualTo(TaskState.STARTED);
    assertThat(record(running, 0).result())
        .asInstanceOf(MAP)
        .containsEntry("name", "copy")
        .containsEntry("done", 3.0)
        .containsEntry("total", 10.0)
        .containsEntry("units", "files")
        .containsEntry("fraction_done", 0.3);
    assertThat(awaitStatus(id, WorkflowStatus.SUCCESS).status()).isEqualTo(WorkflowStatus.SUCCESS);
  }

  @Test
  void aFailedTaskIsRetriedUnderTheSameIdThroughRetryUntilItSucceeds() {
    List<TaskId> attempts = new CopyOnWriteArrayList<>();
    RetryPolicy twice = RetryPolicy.retrying(2, Duration.ofMillis(300), IOException.class);
    registry.register("tasks.flaky", context -> flaky(attempts, context), twice);
    startWorker(1);

    WorkflowId id = run(List.of(1), step("flaky", "tasks.flaky"));

    WorkflowView retrying = await(id, view -> state(view, 0).equals(TaskState.RETRY));
    assertThat(record(retrying, 0).result())
        .asInstanceOf(MAP)
        .containsEntry("exc_type", "IOException");
    WorkflowView done = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(attempts).hasSize(3).containsOnly(run(done, 0).record().taskId());
    assertThat(record(done, 0).retries()).isEqualTo(2);
    assertThat(done.steps().get(0).prevTaskRuns()).isEmpty();
  }

  @Test
  void aTaskNoWorkerRegisteredFailsAsNotRegistered() {
    startWorker(1);

    WorkflowId id = run(List.of(), step("lost", "tasks.unknown"));

    WorkflowView view = awaitStatus(id, WorkflowStatus.FAILURE);
    assertThat(record(view, 0).result())
        .isEqualTo(TaskFailure.notRegistered("tasks.unknown").toJson());
  }

  @Test
  void aMalformedMessageIsRejectedWithAWarningAndTheWorkerGoesOn() {
    registry.register("tasks.add", ADD);
    List<LogRecord> warnings = captureWarnings();
    broker.publishMalformed(QUEUE, "not JSON at offset 0");
    // Same priority as the malformed message, so it comes after it.
    WorkflowId id = run(List.of(1), step("one", "tasks.add").withPriority(0));

    startWorker(1);

    awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(warnings)
        .map(warning -> new SimpleFormatter().formatMessage(warning))
        .singleElement()
        .asString()
        .contains("malformed", "not JSON at offset 0");
  }

  @Test
  void aRevokedRunningTaskIsInterruptedAndRecordedAsTerminated() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    registry.register(
        "tasks.block", context -> blockUntilInterrupted(started, interrupted, context));
    startWorker(1);
    WorkflowId id = run(List.of(), step("block", "tasks.block"));
    awaitLatch(started);

    broker.revoke(run(service.view(id, ALL_RUNS), 0).record().taskId());

    WorkflowView view = awaitStatus(id, WorkflowStatus.REVOKED);
    assertThat(record(view, 0).result()).isEqualTo(TaskFailure.terminated().toJson());
    assertThat(interrupted).isTrue();
  }

  @Test
  void aTaskRevokedBeforeItsMessageArrivesIsRecordedRevokedWithoutRunning() {
    AtomicBoolean ran = new AtomicBoolean();
    registry.register("tasks.never", context -> List.of(ran.getAndSet(true)));
    startWorker(1);
    TaskId taskId = TaskId.of(UUID.randomUUID().toString());
    // The broker calls listeners in the order they registered: once this one hears, the worker has
    // heard.
    CountDownLatch heard = new CountDownLatch(1);
    toClose.add(broker.onRevoke(revoked -> heard.countDown()));
    broker.revoke(taskId);
    awaitLatch(heard);

    broker.publish(
        new TaskMessage(taskId, "tasks.never", QUEUE, List.of(), Map.of(), new TaskPriority(0), 0));

    TaskRecord record = awaitRecord(taskId, TaskState.REVOKED);
    assertThat(record.result()).isEqualTo(TaskFailure.revokedBeforeStart().toJson());
    assertThat(ran).isFalse();
  }

  @Test
  void pausingAWorkflowWhileItsTaskRunsRevokesTheTask() {
    CountDownLatch started = new CountDownLatch(1);
    registry.register(
        "tasks.block", context -> blockUntilInterrupted(started, new AtomicBoolean(), context));
    startWorker(1);
    WorkflowId id = run(List.of(), step("block", "tasks.block"));
    awaitLatch(started);

    service.pause(id);

    WorkflowView view = await(id, paused -> state(paused, 0).equals(TaskState.REVOKED));
    assertThat(view.status()).isEqualTo(WorkflowStatus.REVOKED);
    assertThat(record(view, 0).result()).isEqualTo(TaskFailure.terminated().toJson());
  }

  @Test
  void resumingAWorkflowPausedMidTaskRunsTheStepAgainToSuccess() {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger runs = new AtomicInteger();
    registry.register(
        "tasks.once",
        context ->
            runs.incrementAndGet() == 1
                ? BLOCK.run(signalling(started, context))
                : ADD.run(context));
    startWorker(1);
    WorkflowId id = run(List.of(1), step("once", "tasks.once"));
    awaitLatch(started);
    service.pause(id);
    await(id, paused -> state(paused, 0).equals(TaskState.REVOKED));

    service.resume(id, false, null);

    WorkflowView view = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(record(view, 0).result()).isEqualTo(List.of(2L, "extra"));
    assertThat(view.steps().get(0).prevTaskRuns()).hasSize(1);
  }

  @Test
  void aTaskOfAWorkerClosedMidTaskRunsAgainOnAnotherWorkerUnderTheSameRun() {
    CountDownLatch started = new CountDownLatch(1);
    List<TaskId> stageRuns = new CopyOnWriteArrayList<>();
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.stage",
        context -> {
          stageRuns.add(context.taskId());
          return stageRuns.size() == 1 ? BLOCK.run(signalling(started, context)) : ADD.run(context);
        });
    Worker first = startWorker(1);
    WorkflowId id =
        run(
            List.of(1),
            step("one", "tasks.add"),
            step("two", "tasks.stage"),
            step("3", "tasks.add"));
    awaitLatch(started);

    first.close();
    startWorker(1);

    WorkflowView view = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(stageRuns).hasSize(2).containsOnly(run(view, 1).record().taskId());
    assertThat(view.steps()).allSatisfy(step -> assertThat(step.prevTaskRuns()).isEmpty());
    assertThat(record(view, 2).result()).isEqualTo(List.of(4L, "extra"));
  }

  @Test
  void aTaskAckedAtStartWhoseWorkerClosedIsSentAgainOnlyWhenItsLeaseExpires() {
    CountDownLatch started = new CountDownLatch(1);
    List<TaskId> stageRuns = new CopyOnWriteArrayList<>();
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.stage",
        context -> {
          stageRuns.add(context.taskId());
          return stageRuns.size() == 1 ? BLOCK.run(signalling(started, context)) : ADD.run(context);
        });
    Duration beat = Duration.ofMillis(50);
    AckRecordingBroker acks = new AckRecordingBroker(broker);
    Worker first =
        new Worker(
            acks,
            service,
            registry,
            WorkerSettings.of("rhythm@leasing", List.of(QUEUE), 1)
                .withHeartbeatInterval(beat)
                .withAckAtStart(true));
    toClose.add(first);
    first.start();
    WorkflowId id = run(List.of(1), step("one", "tasks.add"), step("two", "tasks.stage"));
    awaitLatch(started);
    // Acknowledged before the task ran, the message is gone from the broker: closing its worker
    // gives it to no one...
    assertThat(acks.acked()).contains(stageRuns.get(0));
    assertThat(store.find(id).orElseThrow().step(1).heartbeat().leased()).isTrue();

    first.close();
    startWorker(1);
    // ...until the lease expires and the reconciler sends the same task again.
    Reconciler reconciler =
        new Reconciler(service, new ReconcilerSettings(TIMEOUT, beat.multipliedBy(4), 10));
    WorkflowView view =
        awaitValue(
            () -> {
              reconciler.reconcile();
              return Optional.of(service.view(id, ALL_RUNS))
                  .filter(v -> v.status().equals(WorkflowStatus.SUCCESS));
            });

    assertThat(stageRuns).hasSize(2).containsOnly(run(view, 1).record().taskId());
    assertThat(view.steps()).allSatisfy(step -> assertThat(step.prevTaskRuns()).isEmpty());
    assertThat(record(view, 1).result()).isEqualTo(List.of(3L, "extra"));
  }

  @Test
  void aTaskWhoseDeliveryIsWithdrawnWhileItRunsGoesOnUnderALease() {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<TaskId> stageRuns = new CopyOnWriteArrayList<>();
    registry.register("tasks.add", ADD);
    registry.register(
        "tasks.stage",
        context -> {
          stageRuns.add(context.taskId());
          started.countDown();
          release.await();
          return ADD.run(context);
        });
    Duration beat = Duration.ofMillis(20);
    AckRecordingBroker acks = new AckRecordingBroker(broker);
    Worker worker =
        new Worker(
            acks,
            service,
            registry,
            WorkerSettings.of("rhythm@withdrawn", List.of(QUEUE), 1).withHeartbeatInterval(beat));
    toClose.add(worker);
    worker.start();
    WorkflowId id = run(List.of(1), step("one", "tasks.add"), step("two", "tasks.stage"));
    awaitLatch(started);
    TaskId stage = stageRuns.get(0);

    Instant withdrawn = Instant.now();
    assertThat(acks.withdraw(stage)).as("the worker takes the task over").isTrue();

    // The run is held by a lease from then on: the heartbeats that follow say so too.
    awaitValue(
        () ->
            Optional.of(store.find(id).orElseThrow().step(1).heartbeat())
                .filter(heartbeat -> heartbeat.at().isAfter(withdrawn.plus(beat.multipliedBy(2)))));
    assertThat(store.find(id).orElseThrow().step(1).heartbeat().leased()).isTrue();
    assertThat(acks.acked()).doesNotContain(stage);
    release.countDown();
    WorkflowView view = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(stageRuns).containsExactly(stage);
    assertThat(record(view, 1).result()).isEqualTo(List.of(3L, "extra"));
    assertThat(acks.withdraw(stage)).as("a task no longer running is not taken over").isFalse();
  }

  @Test
  void aCopyOfATaskThatAnotherWorkerHoldsByALeaseIsDroppedAndTheRunLeftAlone() {
    List<TaskId> ranHere = new CopyOnWriteArrayList<>();
    registry.register(
        "tasks.stage",
        context -> {
          ranHere.add(context.taskId());
          return ADD.run(context);
        });
    WorkflowId id = run(List.of(1), step("stage", "tasks.stage"));
    // Another process takes the message, starts the task and holds it by a lease.
    BlockingQueue<Delivery> taken = new LinkedBlockingQueue<>();
    Subscription elsewhere = broker.consume(QUEUE, 1, taken::add);
    Delivery delivery = awaitValue(() -> Optional.ofNullable(taken.poll()));
    elsewhere.close();
    TaskMessage message = delivery.message();
    TaskAttempt leased = new TaskAttempt(message, "rhythm@elsewhere", true);
    assertThat(service.starting(leased)).isEqualTo(TaskReports.Admission.RUN);
    service.heartbeat(leased);
    delivery.ack();
    AckRecordingBroker acks = new AckRecordingBroker(broker);
    Worker worker =
        new Worker(acks, service, registry, WorkerSettings.of("rhythm@here", List.of(QUEUE), 1));
    toClose.add(worker);
    worker.start();

    // The broker delivers the message again, as after a lost connection.
    broker.publish(message);

    awaitValue(() -> Optional.of(acks.acked()).filter(acked -> acked.contains(message.taskId())));
    assertThat(ranHere).as("runs of the copy").isEmpty();
    assertThat(store.tasks(List.of(message.taskId())).find(message.taskId()))
        .get()
        .satisfies(record -> assertThat(record.state()).isEqualTo(TaskState.STARTED))
        .satisfies(record -> assertThat(record.worker()).isEqualTo("rhythm@elsewhere"));
    service.succeeded(leased, List.of(2L));
    assertThat(awaitStatus(id, WorkflowStatus.SUCCESS).steps()).hasSize(1);
  }

  @Test
  void aWorkerOfConcurrencyFourRunsFourTasksAtOnce() {
    CountDownLatch together = new CountDownLatch(4);
    registry.register(
        "tasks.meet",
        context -> {
          together.countDown();
          if (!together.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(together.getCount() + " of 4 tasks never came");
          }
          return List.of(true);
        });
    startWorker(4);

    List<WorkflowId> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      ids.add(run(List.of(i), step("meet", "tasks.meet")));
    }

    assertThat(ids).allSatisfy(id -> awaitStatus(id, WorkflowStatus.SUCCESS));
  }

  @Test
  void aTaskThatReturnsNoListFailsWithAClearMessage() {
    registry.register("tasks.nothing", context -> null);
    startWorker(1);

    WorkflowId id = run(List.of(), step("nothing", "tasks.nothing"));

    WorkflowView view = awaitStatus(id, WorkflowStatus.FAILURE);
    assertThat(record(view, 0).result())
        .asInstanceOf(MAP)
        .containsEntry("exc_type", "InvalidTaskResultException")
        .containsEntry(
            "exc_message",
            List.of("task tasks.nothing returned null: a step's result is a non-empty list"));
  }

  @Test
  void aRunningTaskSendsHeartbeats() {
    CountDownLatch release = new CountDownLatch(1);
    registry.register(
        "tasks.wait", context -> List.of(release.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)));
    startWorker(
        WorkerSettings.of("rhythm@beating", List.of(QUEUE), 1)
            .withHeartbeatInterval(Duration.ofMillis(20)),
        service);

    WorkflowId id = run(List.of(), step("wait", "tasks.wait"));

    awaitValue(() -> Optional.ofNullable(store.find(id).orElseThrow().step(0).heartbeat()));
    release.countDown();
    awaitStatus(id, WorkflowStatus.SUCCESS);
  }

  @Test
  void aMessageWhoseReportFailedTransientlyIsDeliveredAgainAndSucceeds() {
    AtomicInteger runs = new AtomicInteger();
    registry.register("tasks.add", context -> ADD.run(counting(runs, context)));
    startWorker(
        WorkerSettings.of("rhythm@flaky", List.of(QUEUE), 1), new SuccessFailingOnce(service));

    WorkflowId id = run(List.of(1), step("one", "tasks.add"));

    WorkflowView view = awaitStatus(id, WorkflowStatus.SUCCESS);
    assertThat(runs).hasValue(2);
    assertThat(view.steps().get(0).prevTaskRuns()).isEmpty();
  }

  // ---- tasks
  // -------------------------------------------------------------------------------------

  private static List<Object> flaky(List<TaskId> attempts, TaskContext context) throws Exception {
    attempts.add(context.taskId());
    if (context.retries() < 2) {
      throw new IOException("attempt " + context.retries() + " failed");
    }
    return ADD.run(context);
  }

  private static List<Object> blockUntilInterrupted(
      CountDownLatch started, AtomicBoolean interrupted, TaskContext context) throws Exception {
    try {
      return BLOCK.run(signalling(started, context));
    } catch (InterruptedException e) {
      interrupted.set(true);
      throw e;
    }
  }

  /**
   * The in-memory broker, noting the task id of every delivery its consumers acknowledge; it can
   * also take a delivery back from its handler, as a broker that moves queues between consumers
   * would.
   */
  private static final class AckRecordingBroker extends ForwardingBroker {
    private final Set<TaskId> acked = ConcurrentHashMap.newKeySet();
    private final Map<TaskId, BooleanSupplier> takeOvers = new ConcurrentHashMap<>();

    AckRecordingBroker(Broker broker) {
      super(broker);
    }

    Set<TaskId> acked() {
      return acked;
    }

    /** Takes the unsettled delivery of {@code taskId} back: whether its handler took it over. */
    boolean withdraw(TaskId taskId) {
      BooleanSupplier takeOver = takeOvers.get(taskId);
      assertThat(takeOver).as("what to do if %s is withdrawn", taskId).isNotNull();
      return takeOver.getAsBoolean();
    }

    @Override
    public Subscription consume(String queue, int prefetch, Consumer<Delivery> handler) {
      return super.consume(
          queue,
          prefetch,
          delivery ->
              handler.accept(
                  new Delivery() {
                    @Override
                    public TaskMessage message() {
                      return delivery.message();
                    }

                    @Override
                    public boolean redelivered() {
                      return delivery.redelivered();
                    }

                    @Override
                    public void ack() {
                      acked.add(delivery.message().taskId());
                      delivery.ack();
                    }

                    @Override
                    public void reject(boolean requeue) {
                      delivery.reject(requeue);
                    }

                    @Override
                    public void onWithdrawal(BooleanSupplier takeOver) {
                      takeOvers.put(delivery.message().taskId(), takeOver);
                    }
                  }));
    }
  }

  private static TaskContext signalling(CountDownLatch started, TaskContext context) {
    started.countDown();
    return context;
  }

  private static TaskContext recording(List<List<Object>> seen, TaskContext context) {
    seen.add(context.args());
    return context;
  }

  private static TaskContext counting(AtomicInteger runs, TaskContext context) {
    runs.incrementAndGet();
    return context;
  }

  // ---- wiring and polling
  // ------------------------------------------------------------------------

  private Worker startWorker(int concurrency) {
    return startWorker(
        WorkerSettings.of("rhythm@test-" + toClose.size(), List.of(QUEUE), concurrency), service);
  }

  private Worker startWorker(WorkerSettings settings, TaskReports reports) {
    Worker worker = new Worker(broker, reports, registry, settings);
    toClose.add(worker);
    worker.start();
    return worker;
  }

  private static StepSpec step(String name, String task) {
    return StepSpec.of(name, task);
  }

  private WorkflowId run(List<Object> args, StepSpec... steps) {
    WorkflowId id = service.create(WorkflowSpec.of("test", "worker-test", steps));
    service.start(id, args, Map.of());
    return id;
  }

  private WorkflowView awaitStatus(WorkflowId id, WorkflowStatus status) {
    return await(id, view -> view.status().equals(status));
  }

  private WorkflowView await(WorkflowId id, Predicate<WorkflowView> condition) {
    return awaitValue(() -> Optional.of(service.view(id, ALL_RUNS)).filter(condition));
  }

  private TaskRecord awaitRecord(TaskId taskId, TaskState state) {
    return awaitValue(
        () ->
            store
                .tasks(List.of(taskId))
                .find(taskId)
                .filter(record -> record.state().equals(state)));
  }

  /** Polls until {@code probe} gives a value, failing after {@link #TIMEOUT}. */
  private static <T> T awaitValue(Supplier<Optional<T>> probe) {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    for (Optional<T> value = probe.get(); ; value = probe.get()) {
      if (value.isPresent()) {
        return value.get();
      }
      if (System.nanoTime() > deadline) {
        return fail("nothing came within " + TIMEOUT);
      }
      LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      assertThat(latch.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
          .as("latch released")
          .isTrue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail("interrupted", e);
    }
  }

  private static TaskRunView run(WorkflowView view, int step) {
    return view.steps().get(step).lastTaskRun();
  }

  private static TaskRecord record(WorkflowView view, int step) {
    return run(view, step).record();
  }

  private static TaskState state(WorkflowView view, int step) {
    return view.steps().get(step).status();
  }

  /** Collects the warnings of the worker runtime until the test ends. */
  private List<LogRecord> captureWarnings() {
    Logger logger = Logger.getLogger("org.rhythm.ports.worker");
    List<LogRecord> warnings = new CopyOnWriteArrayList<>();
    Handler handler =
        new Handler() {
          @Override
          public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
              warnings.add(record);
            }
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    logger.addHandler(handler);
    // Closing removes the handler; the reference also keeps the logger, which JUL holds only
    // weakly, alive.
    toClose.add(() -> logger.removeHandler(handler));
    return warnings;
  }

  /**
   * The service's reports, except that the first success fails as if the store were out of reach.
   */
  private static final class SuccessFailingOnce implements TaskReports {
    private final TaskReports reports;
    private final AtomicBoolean failed = new AtomicBoolean();

    SuccessFailingOnce(TaskReports reports) {
      this.reports = reports;
    }

    @Override
    public Admission starting(TaskAttempt attempt) {
      return reports.starting(attempt);
    }

    @Override
    public void progress(TaskAttempt attempt, Map<String, Object> progress) {
      reports.progress(attempt, progress);
    }

    @Override
    public void succeeded(TaskAttempt attempt, List<Object> result) {
      if (failed.compareAndSet(false, true)) {
        throw new TransientFailureException(
            "the store is out of reach", new IOException("refused"));
      }
      reports.succeeded(attempt, result);
    }

    @Override
    public void failed(TaskAttempt attempt, TaskFailure failure, String traceback) {
      reports.failed(attempt, failure, traceback);
    }

    @Override
    public void retrying(TaskAttempt attempt, TaskFailure failure, String traceback) {
      reports.retrying(attempt, failure, traceback);
    }

    @Override
    public void revoked(TaskAttempt attempt, TaskFailure reason) {
      reports.revoked(attempt, reason);
    }

    @Override
    public void heartbeat(TaskAttempt attempt) {
      reports.heartbeat(attempt);
    }
  }
}
