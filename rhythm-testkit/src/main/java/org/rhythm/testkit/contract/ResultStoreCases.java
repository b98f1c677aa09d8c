package org.rhythm.testkit.contract;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.workflow.Change;
import org.rhythm.domain.workflow.Dispatch;
import org.rhythm.domain.workflow.Guard;
import org.rhythm.domain.workflow.Heartbeat;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowStatus;
import org.rhythm.testkit.fixture.Tasks;
import org.rhythm.testkit.fixture.Workflows;

/**
 * The guards and changes {@link ResultStoreContract} applies, one case per way each kind can go.
 * Each case is a fresh three-step workflow brought into shape by {@code setup} changes, so every
 * case has its own id.
 */
final class ResultStoreCases {
  static final Instant T = Workflows.CREATED_AT.plusSeconds(60);
  static final Instant BEFORE_T = T.minusMillis(1);
  static final Instant AFTER_T = T.plusMillis(1);
  private static final TaskId BEATING = Tasks.newId();

  private ResultStoreCases() {}

  /**
   * A guard checked against a stored workflow. Whether it holds there is the domain's {@link
   * Guard#holds} answer: a store must agree with it, boundaries included.
   */
  record GuardCase(String description, Workflow stored, Guard guard) {
    boolean holds() {
      return guard.holds(stored);
    }

    @Override
    public String toString() {
      return description + (holds() ? ": holds" : ": fails");
    }
  }

  /** A change made to a stored workflow. */
  record ChangeCase(String description, List<Change> setup, Change change) {
    Workflow stored() {
      return prepared(setup);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<GuardCase> guards() {
    TaskId task = TaskId.of("11111111-1111-4111-8111-111111111111");
    TaskId other = TaskId.of("22222222-2222-4222-8222-222222222222");
    Dispatch sent = Workflows.dispatch(task, T);
    Dispatch sameOtherArgs =
        new Dispatch(task, List.of("other"), Map.of(), sent.priority(), T, "resume", false);
    Dispatch ofOther = Workflows.dispatch(other, T);
    Dispatch sentLater = Workflows.dispatch(task, AFTER_T);
    Dispatch heldAlike =
        new Dispatch(task, sent.args(), sent.kwargs(), sent.priority(), T, sent.cause(), true);
    Change dispatch = new Change.SetDispatch(1, sent);
    Change run = new Change.AppendTaskRun(1, new TaskRun(task, T));
    Change otherRun = new Change.AppendTaskRun(1, new TaskRun(other, T));
    return Stream.of(
        guardCase("NotPaused, no pause", List.of(), new Guard.NotPaused()),
        guardCase("NotPaused, paused", List.of(paused()), new Guard.NotPaused()),
        guardCase("Paused, paused", List.of(paused()), new Guard.Paused()),
        guardCase("Paused, no pause", List.of(), new Guard.Paused()),
        guardCase("DispatchUnchanged(null), none", List.of(), new Guard.DispatchUnchanged(1, null)),
        guardCase(
            "DispatchUnchanged(null), only another step has one",
            List.of(new Change.SetDispatch(0, sent)),
            new Guard.DispatchUnchanged(1, null)),
        guardCase(
            "DispatchUnchanged(null), one",
            List.of(dispatch),
            new Guard.DispatchUnchanged(1, null)),
        guardCase(
            "DispatchUnchanged, same", List.of(dispatch), new Guard.DispatchUnchanged(1, sent)),
        guardCase(
            "DispatchUnchanged, same task, time and hold, other args",
            List.of(dispatch),
            new Guard.DispatchUnchanged(1, sameOtherArgs)),
        guardCase("DispatchUnchanged, none", List.of(), new Guard.DispatchUnchanged(1, sent)),
        guardCase(
            "DispatchUnchanged, other task",
            List.of(dispatch),
            new Guard.DispatchUnchanged(1, ofOther)),
        guardCase(
            "DispatchUnchanged, sent later",
            List.of(dispatch),
            new Guard.DispatchUnchanged(1, sentLater)),
        guardCase(
            "DispatchUnchanged, held",
            List.of(dispatch),
            new Guard.DispatchUnchanged(1, heldAlike)),
        guardCase("NoRun, no runs", List.of(), new Guard.NoRun(1, task)),
        guardCase(
            "NoRun, other runs and this run on another step",
            List.of(otherRun, new Change.AppendTaskRun(0, new TaskRun(task, T))),
            new Guard.NoRun(1, task)),
        guardCase(
            "NoRun, this run before another", List.of(run, otherRun), new Guard.NoRun(1, task)),
        guardCase(
            "NoRuns, only another step has runs",
            List.of(new Change.AppendTaskRun(0, new TaskRun(task, T))),
            new Guard.NoRuns(1)),
        guardCase("NoRuns, one run", List.of(run), new Guard.NoRuns(1)),
        guardCase("ResumeLockFree, no lock", List.of(), new Guard.ResumeLockFree(T)),
        guardCase(
            "ResumeLockFree, stale lock", List.of(lock(BEFORE_T)), new Guard.ResumeLockFree(T)),
        guardCase(
            "ResumeLockFree, lock taken at the limit",
            List.of(lock(T)),
            new Guard.ResumeLockFree(T)),
        guardCase(
            "ResumeLockFree, fresh lock", List.of(lock(AFTER_T)), new Guard.ResumeLockFree(T)),
        guardCase(
            "ResumeLockStale, stale lock", List.of(lock(BEFORE_T)), new Guard.ResumeLockStale(T)),
        guardCase("ResumeLockStale, no lock", List.of(), new Guard.ResumeLockStale(T)),
        guardCase(
            "ResumeLockStale, lock taken at the limit",
            List.of(lock(T)),
            new Guard.ResumeLockStale(T)),
        guardCase(
            "ResumeLockStale, fresh lock", List.of(lock(AFTER_T)), new Guard.ResumeLockStale(T)),
        guardCase("DispatchAbsentOr, none", List.of(), new Guard.DispatchAbsentOr(1, task)),
        guardCase(
            "DispatchAbsentOr, this task", List.of(dispatch), new Guard.DispatchAbsentOr(1, task)),
        guardCase(
            "DispatchAbsentOr, other task",
            List.of(dispatch),
            new Guard.DispatchAbsentOr(1, other)));
  }

  static Stream<ChangeCase> changes() {
    TaskRun first = new TaskRun(Tasks.newId(), T);
    Dispatch sent = Workflows.dispatch(Tasks.newId(), T);
    Dispatch held =
        new Dispatch(
            Tasks.newId(),
            List.of(Workflows.sampleJson()),
            Workflows.sampleJson(),
            sent.priority(),
            AFTER_T,
            Dispatch.advancedBy(first.taskId()),
            true);
    Change startArguments = new Change.SetStartArguments(List.of("a"), Map.of("k", "v"));
    return Stream.of(
        change("AppendTaskRun, first run", List.of(), new Change.AppendTaskRun(1, first)),
        change(
            "AppendTaskRun, after another run",
            List.of(new Change.AppendTaskRun(1, first)),
            new Change.AppendTaskRun(1, new TaskRun(Tasks.newId(), BEFORE_T))),
        change("SetDispatch, first dispatch", List.of(), new Change.SetDispatch(2, sent)),
        change(
            "SetDispatch, replacing one",
            List.of(new Change.SetDispatch(2, sent)),
            new Change.SetDispatch(2, held)),
        change("SetHeartbeat, first heartbeat", List.of(), new Change.SetHeartbeat(0, beat(T))),
        change(
            "SetHeartbeat, later heartbeat",
            List.of(new Change.SetHeartbeat(0, beat(T))),
            new Change.SetHeartbeat(0, beat(AFTER_T))),
        change("SetStatus, standard", List.of(), new Change.SetStatus(WorkflowStatus.STARTED)),
        change("SetStatus, custom", List.of(), new Change.SetStatus(WorkflowStatus.of("PROGRESS"))),
        change("SetResumeLock, taken", List.of(), new Change.SetResumeLock(T)),
        change("SetResumeLock, released", List.of(lock(T)), new Change.SetResumeLock(null)),
        change("SetPausedAt, paused", List.of(), paused()),
        change("SetPausedAt, cleared", List.of(paused()), new Change.SetPausedAt(null)),
        change(
            "SetStartArguments, every kind of JSON",
            List.of(),
            new Change.SetStartArguments(
                List.of(Workflows.sampleJson(), 1, "two"), Workflows.sampleJson())),
        change(
            "SetStartArguments, replacing others",
            List.of(startArguments),
            new Change.SetStartArguments(List.of(), Map.of())),
        change("SetUpdatedAt, first update", List.of(), new Change.SetUpdatedAt(T)),
        change(
            "SetUpdatedAt, later update",
            List.of(new Change.SetUpdatedAt(T)),
            new Change.SetUpdatedAt(AFTER_T)));
  }

  /** One change of every kind, in one list. */
  static List<Change> everyKindOfChange() {
    return List.of(
        new Change.AppendTaskRun(0, new TaskRun(Tasks.newId(), T)),
        new Change.SetDispatch(1, Workflows.dispatch(Tasks.newId(), T)),
        new Change.SetHeartbeat(0, beat(AFTER_T)),
        new Change.SetStatus(WorkflowStatus.STARTED),
        new Change.SetResumeLock(T),
        new Change.SetPausedAt(AFTER_T),
        new Change.SetStartArguments(List.of("a"), Workflows.sampleJson()),
        new Change.SetUpdatedAt(AFTER_T));
  }

  static Change paused() {
    return new Change.SetPausedAt(T);
  }

  static Change lock(Instant at) {
    return new Change.SetResumeLock(at);
  }

  private static Workflow prepared(List<Change> setup) {
    Workflow workflow = Workflows.withSteps(3);
    for (Change change : setup) {
      workflow = change.applyTo(workflow);
    }
    return workflow;
  }

  private static GuardCase guardCase(String description, List<Change> setup, Guard guard) {
    return new GuardCase(description, prepared(setup), guard);
  }

  private static ChangeCase change(String description, List<Change> setup, Change change) {
    return new ChangeCase(description, setup, change);
  }

  private static Heartbeat beat(Instant at) {
    return new Heartbeat(BEATING, at);
  }
}
