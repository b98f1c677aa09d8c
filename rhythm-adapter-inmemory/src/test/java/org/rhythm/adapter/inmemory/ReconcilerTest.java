package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.MAP;
import static org.rhythm.adapter.inmemory.WorkflowServiceTest.ARGS;
import static org.rhythm.adapter.inmemory.WorkflowServiceTest.LEASE;
import static org.rhythm.adapter.inmemory.WorkflowServiceTest.QUEUE;
import static org.rhythm.adapter.inmemory.WorkflowServiceTest.WORKER;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.rhythm.adapter.inmemory.WorkflowServiceTest.Published;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.ResumeResult;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.in.ViewOptions;
import org.rhythm.ports.out.Broker;
import org.rhythm.ports.out.ForwardingBroker;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.Reconciler;
import org.rhythm.ports.service.ReconcilerSettings;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.fixture.Race;
import org.rhythm.testkit.fixture.Tasks;
import org.rhythm.testkit.fixture.Workflows;
import org.rhythm.testkit.time.MutableClock;

/** The reconciler's repairs (DESIGN.md §3.9, §4 rows 2 and 5) on the in-memory store and broker. */
class ReconcilerTest {
  private static final Duration DISPATCH_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(20);
  private static final ReconcilerSettings RECONCILER =
      new ReconcilerSettings(DISPATCH_TIMEOUT, HEARTBEAT_TIMEOUT, 2);
  private static final ServiceSettings SETTINGS = new ServiceSettings(QUEUE, LEASE, 64);
  private static final TaskFailure BOOM =
      new TaskFailure("ValueError", List.of("bad input"), "builtins");

  private final MutableClock clock = new MutableClock();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final InMemoryBroker broker = new InMemoryBroker();
  private final DroppingBroker dropping = new DroppingBroker(broker);
  private final WorkflowService service =
      new WorkflowService(store, dropping, clock, Ids.random(), SETTINGS);
  private final Reconciler reconciler = new Reconciler(service, RECONCILER);
  private final Published published = new Published(broker, QUEUE);
  private final String appId = Workflows.newAppId();

  @AfterEach
  void closeBroker() {
    broker.close();
  }

  // ---- lost dispatches

  @Test
  void aDispatchWhoseMessageWasLostIsSentAgainWithTheSameTaskIdAfterTheTimeout() {
    WorkflowId id = startedWithLostMessage(2);
    Dispatch lost = dispatchOf(id, 0);
    clock.advance(DISPATCH_TIMEOUT);

    reconciler.reconcile();

    TaskMessage again = published.one();
    assertThat(again.taskId()).isEqualTo(lost.taskId());
    assertThat(again.task()).isEqualTo("task_1");
    assertThat(again.args()).isEqualTo(ARGS);
    assertThat(again.kwargs()).isEqualTo(lost.kwargs());
    assertThat(again.priority()).isEqualTo(lost.priority());
    assertThat(dispatchOf(id, 0).sentAt()).isEqualTo(clock.instant());
  }

  @Test
  void aLostDispatchIsNotSentAgainBeforeTheTimeout() {
    startedWithLostMessage(2);
    clock.advance(DISPATCH_TIMEOUT.minusMillis(1));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aLostDispatchOfALaterStepIsSentAgain() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    TaskMessage first = published.one();
    service.starting(new TaskAttempt(first, WORKER));
    dropping.dropNext(1);
    service.succeeded(new TaskAttempt(first, WORKER), List.of("out"));
    clock.advance(DISPATCH_TIMEOUT);

    reconciler.reconcile();

    TaskMessage again = published.one();
    assertThat(again.task()).isEqualTo("task_2");
    assertThat(again.args()).containsExactly("out");
    assertThat(again.taskId()).isEqualTo(dispatchOf(id, 1).taskId());
  }

  @Test
  void twoReconcilersRacingSendALostDispatchOnce() {
    startedWithLostMessage(2);
    clock.advance(DISPATCH_TIMEOUT);
    WorkflowService other = new WorkflowService(store, broker, clock, Ids.random(), SETTINGS);
    List<Reconciler> reconcilers = List.of(reconciler, new Reconciler(other, RECONCILER));

    Race.run(16, caller -> reconcilers.get(caller % 2).reconcile());

    assertThat(published.drain()).hasSize(1);
  }

  @Test
  void aResentDispatchIsNotSentAgainBeforeAnotherTimeout() {
    startedWithLostMessage(2);
    clock.advance(DISPATCH_TIMEOUT);
    reconciler.reconcile();
    published.one();
    clock.advance(DISPATCH_TIMEOUT.minusMillis(1));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aStartedStepIsNeverSentAgain() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    service.starting(new TaskAttempt(published.one(), WORKER));
    clock.advance(DISPATCH_TIMEOUT.multipliedBy(10));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aDispatchWhoseTaskHasARecordIsNotSentAgain() {
    WorkflowId id = startedWithLostMessage(2);
    // A Python worker wrote the task's record, and its hook has not appended the run yet.
    store.saveTask(Tasks.running(dispatchOf(id, 0).taskId()));
    clock.advance(DISPATCH_TIMEOUT.multipliedBy(10));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aPausedWorkflowsHeldDispatchIsNotSent() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    TaskAttempt first = new TaskAttempt(published.one(), WORKER);
    service.starting(first);
    service.pause(id);
    service.succeeded(first, List.of("out"));
    clock.advance(DISPATCH_TIMEOUT.multipliedBy(10));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
    assertThat(dispatchOf(id, 1).held()).isTrue();
  }

  @Test
  void aPausedWorkflowsRevokedDispatchIsNotSentAgain() {
    WorkflowId id = startedWithLostMessage(2);
    service.pause(id);
    clock.advance(DISPATCH_TIMEOUT.multipliedBy(10));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  // ---- resume locks

  @Test
  void aStaleResumeLockIsReleasedAfterTheLease() {
    WorkflowId id = resumedAfterFailure();
    clock.advance(LEASE);

    reconciler.reconcile();

    assertThat(stored(id).resumeLock()).isNull();
  }

  @Test
  void aResumeLockYoungerThanTheLeaseIsKept() {
    WorkflowId id = resumedAfterFailure();
    clock.advance(LEASE.minusMillis(1));

    reconciler.reconcile();

    assertThat(stored(id).resumeLock()).isEqualTo(clock.instant().minus(LEASE.minusMillis(1)));
  }

  // ---- lost workers

  @Test
  void aRunWhoseHeartbeatStoppedIsMarkedFailedAsWorkerLost() {
    Running running = runningWithHeartbeat();
    clock.advance(HEARTBEAT_TIMEOUT);

    reconciler.reconcile();

    TaskRecord record = record(running.message.taskId());
    assertThat(record.state()).isEqualTo(TaskState.FAILURE);
    assertThat(record.result()).asInstanceOf(MAP).containsEntry("exc_type", "WorkerLostError");
    assertThat(record.dateDone()).isEqualTo(clock.instant());
    assertThat(stored(running.id).storedStatus()).isEqualTo(WorkflowStatus.FAILURE);
    assertThat(service.view(running.id, ViewOptions.DEFAULT).status())
        .isEqualTo(WorkflowStatus.FAILURE);
  }

  @Test
  void aWorkflowWhoseWorkerWasLostCanBeResumed() {
    Running running = runningWithHeartbeat();
    clock.advance(HEARTBEAT_TIMEOUT);
    reconciler.reconcile();

    ResumeResult result = service.resume(running.id, false, null);

    assertThat(result.resumed()).isTrue();
    TaskMessage again = published.one();
    assertThat(again.taskId()).isNotEqualTo(running.message.taskId());
    assertThat(again.args()).isEqualTo(ARGS);
  }

  // ---- leases (tasks acknowledged at start)

  @Test
  void aLeasedRunWhoseHeartbeatStoppedIsSentAgainUnderItsTaskIdAndNotMarkedLost() {
    Running running = runningWithLease();
    clock.advance(HEARTBEAT_TIMEOUT);

    reconciler.reconcile();

    TaskMessage again = published.one();
    assertThat(again.taskId()).isEqualTo(running.message.taskId());
    assertThat(again.args()).isEqualTo(ARGS);
    assertThat(again.kwargs()).isEqualTo(running.message.kwargs());
    assertThat(record(running.message.taskId()).state()).isEqualTo(TaskState.STARTED);
  }

  @Test
  void aLeasedRunSentAgainRunsOnAnotherWorkerAndTheWorkflowMovesOnOnce() {
    Running running = runningWithLease();
    clock.advance(HEARTBEAT_TIMEOUT);
    reconciler.reconcile();
    TaskAttempt second = new TaskAttempt(published.one(), "other@host", true);

    assertThat(service.starting(second)).isEqualTo(TaskReports.Admission.RUN);
    service.succeeded(second, List.of("out"));

    assertThat(stored(running.id).step(0).taskRuns()).hasSize(1);
    assertThat(published.one().task()).isEqualTo("task_2");
    reconciler.reconcile();
    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aLeasedRunWithARecentHeartbeatIsNotSentAgain() {
    runningWithLease();
    clock.advance(HEARTBEAT_TIMEOUT.minusMillis(1));

    reconciler.reconcile();

    assertThat(published.drain()).isEmpty();
  }

  @Test
  void aRunWithARecentHeartbeatIsNotMarkedLost() {
    Running running = runningWithHeartbeat();
    clock.advance(HEARTBEAT_TIMEOUT.minusMillis(1));

    reconciler.reconcile();

    assertThat(record(running.message.taskId()).state()).isEqualTo(TaskState.STARTED);
  }

  @Test
  void aRunThatNeverSentAHeartbeatIsNeverMarkedLost() {
    WorkflowId id = created(1);
    service.start(id, ARGS, Map.of());
    TaskMessage message = published.one();
    service.starting(new TaskAttempt(message, WORKER));
    clock.advance(HEARTBEAT_TIMEOUT.multipliedBy(100));

    reconciler.reconcile();

    assertThat(record(message.taskId()).state()).isEqualTo(TaskState.STARTED);
  }

  @Test
  void aLateHeartbeatOfASupersededTaskDoesNotMakeTheNewRunLost() {
    Running first = runningWithHeartbeat();
    service.resume(first.id, true, null);
    TaskAttempt second = new TaskAttempt(published.one(), WORKER);
    clock.advance(Duration.ofSeconds(1));
    // The new run's worker sends no heartbeats (a Python worker): it is never lost.
    service.starting(second);
    clock.advance(Duration.ofSeconds(1));
    // The first task's worker has not heard the revocation yet and reports one more heartbeat.
    service.heartbeat(new TaskAttempt(first.message, WORKER));
    clock.advance(HEARTBEAT_TIMEOUT);

    reconciler.reconcile();

    assertThat(record(second.message().taskId()).state()).isEqualTo(TaskState.STARTED);
  }

  // ---- the cached status

  @Test
  void aCachedStatusOverwrittenByAnotherWriterIsRefreshed() {
    Running running = runningWithHeartbeat();
    store.apply(
        running.id,
        new Transition(List.of(), List.of(new Change.SetStatus(WorkflowStatus.PENDING))));

    reconciler.reconcile();

    assertThat(stored(running.id).storedStatus()).isEqualTo(WorkflowStatus.STARTED);
  }

  @Test
  void aCachedStatusBehindATaskRecordWrittenElsewhereIsRefreshed() {
    WorkflowId id = created(1);
    service.start(id, ARGS, Map.of());
    TaskMessage message = published.one();
    service.starting(new TaskAttempt(message, WORKER));
    // A Python worker's backend recorded the failure; its hook never ran.
    store.saveTask(Tasks.failure(message.taskId()));

    reconciler.reconcile();

    assertThat(stored(id).storedStatus()).isEqualTo(WorkflowStatus.FAILURE);
  }

  @Test
  void reconcileReachesWorkflowsBeyondTheFirstPage() {
    List<WorkflowId> ids =
        List.of(startedWithLostMessage(1), startedWithLostMessage(1), startedWithLostMessage(1));
    clock.advance(DISPATCH_TIMEOUT);

    reconciler.reconcile();

    assertThat(published.drain())
        .extracting(TaskMessage::taskId)
        .containsExactlyInAnyOrderElementsOf(
            ids.stream().map(id -> dispatchOf(id, 0).taskId()).toList());
  }

  // ---- arranging

  /** A workflow whose first step a worker started, and the message it runs. */
  private record Running(WorkflowId id, TaskMessage message) {}

  private WorkflowId created(int steps) {
    return service.create(Workflows.spec(appId, steps));
  }

  /** A started workflow whose first message the broker lost. */
  private WorkflowId startedWithLostMessage(int steps) {
    WorkflowId id = created(steps);
    dropping.dropNext(1);
    service.start(id, ARGS, Map.of());
    assertThat(published.drain()).as("published despite the loss").isEmpty();
    return id;
  }

  /** A workflow whose first step failed and was resumed; no worker has started it again. */
  private WorkflowId resumedAfterFailure() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    TaskAttempt first = new TaskAttempt(published.one(), WORKER);
    service.starting(first);
    service.failed(first, BOOM, null);
    assertThat(service.resume(id, false, null).resumed()).isTrue();
    published.one();
    return id;
  }

  /** A workflow whose first step runs on a Java worker that sent one heartbeat, now. */
  private Running runningWithHeartbeat() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    TaskMessage message = published.one();
    TaskAttempt attempt = new TaskAttempt(message, WORKER);
    service.starting(attempt);
    clock.advance(Duration.ofSeconds(1));
    service.heartbeat(attempt);
    return new Running(id, message);
  }

  /** A workflow whose first step runs on a Java worker that acked it at start and holds a lease. */
  private Running runningWithLease() {
    WorkflowId id = created(2);
    service.start(id, ARGS, Map.of());
    TaskMessage message = published.one();
    TaskAttempt attempt = new TaskAttempt(message, WORKER, true);
    service.starting(attempt);
    clock.advance(Duration.ofSeconds(1));
    service.heartbeat(attempt);
    assertThat(stored(id).step(0).heartbeat().leased()).isTrue();
    return new Running(id, message);
  }

  private Workflow stored(WorkflowId id) {
    return store.find(id).orElseThrow();
  }

  private Dispatch dispatchOf(WorkflowId id, int step) {
    return stored(id).step(step).lastDispatch().orElseThrow();
  }

  private TaskRecord record(TaskId taskId) {
    return store.tasks(List.of(taskId)).find(taskId).orElseThrow();
  }

  /** The in-memory broker, except that it silently loses the next publications it is told to. */
  private static final class DroppingBroker extends ForwardingBroker {
    private final AtomicInteger toDrop = new AtomicInteger();

    DroppingBroker(Broker broker) {
      super(broker);
    }

    void dropNext(int count) {
      toDrop.set(count);
    }

    @Override
    public void publish(TaskMessage message) {
      if (toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        return;
      }
      super.publish(message);
    }
  }
}
