package org.rhythm.adapter.inmemory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;
import org.rhythm.domain.workflow.TaskRecords;
import org.rhythm.domain.workflow.Transition;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports.Admission;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.service.Ids;
import org.rhythm.ports.service.ServiceSettings;
import org.rhythm.ports.service.WorkflowService;
import org.rhythm.testkit.fixture.Workflows;
import org.rhythm.testkit.time.MutableClock;

/**
 * Two services on one store, as two API servers or worker processes: the first decides workers'
 * reports on the workflow as it last saw it, which the second has changed since (DESIGN.md §2.1).
 * Its decision is refused by the guards and taken again on fresh state, or, where the guards let it
 * through, is right anyway; a "nothing to do" found on the stale snapshot is checked again. No step
 * is lost or sent twice.
 */
class StaleSnapshotTest {
  private static final String QUEUE = "q";
  private static final String WORKER = "w1@host";
  private static final TaskFailure BOOM =
      new TaskFailure("ValueError", List.of("bad input"), "builtins");

  private final MutableClock clock = new MutableClock();
  private final InMemoryResultStore store = new InMemoryResultStore();
  private final StoreLog stale = new StoreLog(store);
  private final EngineBroker broker = new EngineBroker(store);
  private final ServiceSettings settings = ServiceSettings.DEFAULTS.withDefaultQueue(QUEUE);
  private final WorkflowService first =
      new WorkflowService(stale, broker, clock, Ids.random(), settings);
  private final WorkflowService second =
      new WorkflowService(store, broker, clock, Ids.random(), settings);

  @Test
  void aSuccessReportedWhereThePauseOfAnotherServiceIsUnseenHoldsTheNextStep() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 2));
    first.start(id, List.of("input"), Map.of());
    TaskAttempt one = attempt(0);
    assertThat(first.starting(one)).isEqualTo(Admission.RUN);
    second.pause(id);
    tick();
    stale.clear();

    first.succeeded(one, List.of("out"));

    assertThat(stale.calls()).startsWith("saveTask", "apply refused", "find");
    assertThat(broker.published()).hasSize(1);
    Workflow stored = store.find(id).orElseThrow();
    assertThat(stored.step(1).dispatch().held()).isTrue();
    assertThat(stored.step(1).dispatch().args()).containsExactly("out");
    assertThat(stored.storedStatus()).isEqualTo(WorkflowStatus.REVOKED);
  }

  @Test
  void aStartReportedWhereThePauseOfAnotherServiceIsUnseenIsRefusedAndRecordedRevoked() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 2));
    first.start(id, List.of("input"), Map.of());
    second.pause(id);
    tick();
    stale.clear();

    Admission admission = first.starting(attempt(0));

    assertThat(admission).isEqualTo(Admission.SKIP);
    assertThat(stale.calls()).startsWith("apply refused", "find");
    assertThat(store.find(id).orElseThrow().step(0).taskRuns()).isEmpty();
    assertThat(state(attempt(0).message().taskId())).contains(TaskState.REVOKED);
  }

  @Test
  void aStartReportedWhereTheResumeOfAnotherServiceIsUnseenRunsAsItsGuardsAllow() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 2));
    first.start(id, List.of("input"), Map.of());
    TaskAttempt failed = attempt(0);
    first.starting(failed);
    first.failed(failed, BOOM, "Traceback: boom");
    tick();
    assertThat(second.resume(id, false, null).resumed()).isTrue();
    TaskAttempt resumed = attempt(1);
    tick();
    stale.clear();

    Admission admission = first.starting(resumed);

    assertThat(admission).isEqualTo(Admission.RUN);
    assertThat(stale.calls()).containsExactly("apply applied", "saveTask");
    Workflow stored = store.find(id).orElseThrow();
    assertThat(stored.step(0).taskRuns())
        .extracting(TaskRun::taskId)
        .containsExactly(failed.message().taskId(), resumed.message().taskId());
    assertThat(stored.resumeLock()).isNull();
    assertThat(stored.storedStatus()).isEqualTo(WorkflowStatus.STARTED);
  }

  @Test
  void aRepeatedSuccessReportedWhereTheAdvanceOfAnotherServiceIsUnseenSendsNothing() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 3));
    first.start(id, List.of("input"), Map.of());
    TaskAttempt one = attempt(0);
    first.starting(one);
    second.succeeded(one, List.of("out"));
    assertThat(broker.published()).hasSize(2);
    tick();
    stale.clear();

    first.succeeded(one, List.of("out again"));

    assertThat(stale.calls()).startsWith("saveTask refused", "tasks", "apply refused", "find");
    assertThat(broker.published()).hasSize(2);
    Workflow stored = store.find(id).orElseThrow();
    assertThat(stored.step(1).dispatch().taskId()).isEqualTo(attempt(1).message().taskId());
    assertThat(stored.step(1).dispatch().args()).containsExactly("out");
  }

  @Test
  void aRedeliveryFoundRunningOnAStaleSnapshotIsCheckedOnFreshStateAndNotRunWhilePaused() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 2));
    first.start(id, List.of("input"), Map.of());
    TaskAttempt one = attempt(0);
    assertThat(first.starting(one)).isEqualTo(Admission.RUN);
    second.pause(id);
    tick();
    stale.clear();

    Admission again = first.starting(one);

    assertThat(again).isEqualTo(Admission.SKIP);
    assertThat(stale.calls()).startsWith("find");
    assertThat(state(one.message().taskId())).contains(TaskState.REVOKED);
  }

  @Test
  void aSuccessThatAStaleSnapshotShowsSupersededIsCheckedOnFreshStateAndAdvanced() {
    WorkflowId id = first.create(Workflows.spec(Workflows.newAppId(), 2));
    first.start(id, List.of("input"), Map.of());
    TaskAttempt failed = attempt(0);
    first.starting(failed);
    first.failed(failed, BOOM, "Traceback: boom");
    tick();
    assertThat(second.resume(id, false, null).resumed()).isTrue();
    TaskAttempt resumed = attempt(1);
    assertThat(second.starting(resumed)).isEqualTo(Admission.RUN);
    tick();
    stale.clear();

    first.succeeded(resumed, List.of("out"));

    assertThat(stale.calls()).startsWith("saveTask", "find");
    assertThat(broker.published()).hasSize(3);
    TaskMessage next = broker.published().get(2).message();
    assertThat(next.stepName()).contains("step 2");
    assertThat(next.args()).containsExactly("out");
    assertThat(store.find(id).orElseThrow().storedStatus()).isEqualTo(WorkflowStatus.STARTED);
  }

  /** A worker's attempt of the {@code index}th message published, in order. */
  private TaskAttempt attempt(int index) {
    return new TaskAttempt(broker.published().get(index).message(), WORKER);
  }

  private Optional<TaskState> state(TaskId taskId) {
    return store.tasks(List.of(taskId)).find(taskId).map(TaskRecord::state);
  }

  private void tick() {
    clock.advance(Duration.ofSeconds(1));
  }

  /** The store as one service sees it, noting each call it makes and how writes came out. */
  private static final class StoreLog extends ForwardingResultStore {
    private final List<String> calls = Collections.synchronizedList(new ArrayList<>());

    StoreLog(InMemoryResultStore store) {
      super(store);
    }

    @Override
    public Optional<Workflow> find(WorkflowId id) {
      calls.add("find");
      return super.find(id);
    }

    @Override
    public Optional<Workflow> apply(WorkflowId id, Transition transition) {
      Optional<Workflow> changed = super.apply(id, transition);
      calls.add(changed.isPresent() ? "apply applied" : "apply refused");
      return changed;
    }

    @Override
    public TaskRecords tasks(Collection<TaskId> ids) {
      calls.add("tasks");
      return super.tasks(ids);
    }

    @Override
    public boolean saveTask(TaskRecord record) {
      boolean saved = super.saveTask(record);
      calls.add(saved ? "saveTask" : "saveTask refused");
      return saved;
    }

    List<String> calls() {
      return List.copyOf(calls);
    }

    void clear() {
      calls.clear();
    }
  }
}
