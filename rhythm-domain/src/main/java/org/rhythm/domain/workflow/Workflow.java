package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRun;
import org.rhythm.domain.task.TaskState;

/**
 * A stored workflow: its definition, its steps with their runs and dispatches, and Rhythm's pause,
 * resume lock and start arguments. Immutable; every transition is a pure decision that returns
 * guarded {@link Change}s and the {@link TaskCommand}s its winner carries out. Status is derived
 * from the observed task states, never stored here except as the {@code _status} query cache. The
 * optional fields are null when absent from the document: {@code name}, {@code appId}, {@code
 * description}, {@code createdAt}, {@code updatedAt}, {@code storedStatus}, {@code resumeLock},
 * {@code pausedAt}, {@code startArgs}, {@code startKwargs}.
 */
public record Workflow(
    WorkflowId id,
    String name,
    String appId,
    String description,
    Instant createdAt,
    Instant updatedAt,
    List<Step> steps,
    WorkflowStatus storedStatus,
    Instant resumeLock,
    Instant pausedAt,
    List<Object> startArgs,
    Map<String, Object> startKwargs) {

  public Workflow {
    requireNonNull(id, "id");
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("workflow " + id + " has no steps");
    }
    startArgs = startArgs == null ? null : Json.copyList(startArgs);
    startKwargs = startKwargs == null ? null : Json.copyObject(startKwargs);
  }

  /**
   * A new, unstarted workflow from a valid definition; steps without a queue get {@code
   * defaultQueue}.
   */
  public static Workflow create(
      WorkflowId id, WorkflowSpec spec, String defaultQueue, Instant now) {
    spec.validated();
    requireNonNull(defaultQueue, "defaultQueue");
    List<Step> steps = spec.steps().stream().map(s -> Step.defined(s, defaultQueue)).toList();
    return new Workflow(
        id,
        spec.name(),
        spec.appId(),
        spec.description(),
        now,
        null,
        steps,
        WorkflowStatus.PENDING,
        null,
        null,
        null,
        null);
  }

  // ---- facts ------------------------------------------------------------------------------------

  public Step step(int index) {
    if (index < 0 || index >= steps.size()) {
      throw new IllegalArgumentException(
          "workflow " + id + " has no step " + index + " (it has " + steps.size() + ")");
    }
    return steps.get(index);
  }

  /** The index of the step with this name, or empty. */
  public OptionalInt stepIndex(String stepName) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name().equals(stepName)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  public boolean isPaused() {
    return pausedAt != null;
  }

  /** Whether step 1 was ever dispatched or run, by Rhythm or by sca_rhythm. */
  public boolean isStarted() {
    Step first = steps.get(0);
    return startArgs != null || first.dispatch() != null || !first.taskRuns().isEmpty();
  }

  /** Every task id this workflow knows: each step's runs and dispatch, each once. */
  public Set<TaskId> taskIds() {
    Set<TaskId> ids = new LinkedHashSet<>();
    for (Step step : steps) {
      step.taskRuns().forEach(run -> ids.add(run.taskId()));
      step.lastDispatch().ifPresent(d -> ids.add(d.taskId()));
    }
    return ids;
  }

  /**
   * The task ids the rules read: each step's last run and its dispatch. Decisions need only their
   * records; views need {@link #taskIds()}.
   */
  public List<TaskId> currentTaskIds() {
    List<TaskId> ids = new ArrayList<>(steps.size() + 1);
    for (Step step : steps) {
      List<TaskRun> runs = step.taskRuns();
      TaskId last = runs.isEmpty() ? null : runs.get(runs.size() - 1).taskId();
      if (last != null) {
        ids.add(last);
      }
      if (step.dispatch() != null && !step.dispatch().taskId().equals(last)) {
        ids.add(step.dispatch().taskId());
      }
    }
    return ids;
  }

  /**
   * The task ids the status reads: each step's last run. The status and every decision that only
   * writes it need no other record.
   */
  public List<TaskId> statusTaskIds() {
    List<TaskId> ids = new ArrayList<>(steps.size());
    for (Step step : steps) {
      List<TaskRun> runs = step.taskRuns();
      if (!runs.isEmpty()) {
        ids.add(runs.get(runs.size() - 1).taskId());
      }
    }
    return ids;
  }

  // ---- status (DESIGN.md §3.5)
  // --------------------------------------------------------------------

  /** The state of the step's last run; PENDING when it has no run or its task has no record. */
  public TaskState stepStatus(int index, TaskRecords observed) {
    List<TaskRun> runs = step(index).taskRuns();
    return runs.isEmpty()
        ? TaskState.PENDING
        : observed.stateOf(runs.get(runs.size() - 1).taskId());
  }

  /** The index of the first step that has not succeeded, or empty when all have. */
  public OptionalInt pendingStep(TaskRecords observed) {
    for (int i = 0; i < steps.size(); i++) {
      if (!stepStatus(i, observed).equals(TaskState.SUCCESS)) {
        return OptionalInt.of(i);
      }
    }
    return OptionalInt.empty();
  }

  /** The workflow's status: sca_rhythm's rule plus the paused extension. */
  public WorkflowStatus status(TaskRecords observed) {
    OptionalInt pending = pendingStep(observed);
    if (pending.isEmpty()) {
      return WorkflowStatus.SUCCESS;
    }
    int index = pending.getAsInt();
    return WorkflowStatus.derive(index, stepStatus(index, observed), isPaused());
  }

  /** How many steps succeeded before the pending one; all of them when none is pending. */
  public int stepsDone(TaskRecords observed) {
    return pendingStep(observed).orElse(steps.size());
  }

  /**
   * The live tasks of a step, those a pause or a forced resume must revoke: its last run when that
   * is not done, and its dispatch when it was published, has not started and was not recorded done
   * (a worker that skips a revoked message records it REVOKED). The most recent comes first.
   */
  public List<TaskId> liveTasks(int index, TaskRecords observed) {
    Step step = step(index);
    List<TaskId> live = new ArrayList<>();
    step.unstartedDispatch().filter(id -> !observed.stateOf(id).isDone()).ifPresent(live::add);
    step.lastRun()
        .map(TaskRun::taskId)
        .filter(id -> !observed.stateOf(id).isDone() && !live.contains(id))
        .ifPresent(live::add);
    return live;
  }

  /**
   * Every live task of the workflow, step by step: normally only the pending step's, but a
   * superseded task that succeeded anyway can leave a newer dispatch live on an earlier step.
   * Pause, forced resume and delete revoke them all.
   */
  public List<TaskId> liveTasks(TaskRecords observed) {
    List<TaskId> live = new ArrayList<>();
    for (int index = 0; index < steps.size(); index++) {
      live.addAll(liveTasks(index, observed));
    }
    return live;
  }

  // ---- transitions
  // ----------------------------------------------------------------------------------

  /** Starts step 1 with these arguments (DESIGN.md §3.3); refused when already started. */
  public Decision start(List<Object> args, Map<String, Object> kwargs, TaskId taskId, Instant now) {
    return Lifecycle.start(this, args, kwargs, taskId, now);
  }

  /**
   * Records that a worker started {@code taskId} on step {@code index} (DESIGN.md §3.4); empty when
   * that run is already recorded (a redelivery or a retry). The transition is refused by its guard
   * while the workflow is paused.
   */
  public Optional<Decision> recordStarted(
      int index, TaskId taskId, Instant at, TaskRecords observed) {
    return Lifecycle.started(this, index, taskId, at, observed);
  }

  /**
   * Whether a task whose run on step {@code index} is already recorded (a redelivery, a retry) may
   * run again: under the guards of its first start, so not while the workflow is paused nor once a
   * newer dispatch superseded it.
   */
  public boolean mayRunAgain(int index, TaskId taskId) {
    return new Guard.NotPaused().holds(this)
        && new Guard.DispatchAbsentOr(index, taskId).holds(this);
  }

  /**
   * Whether the run of {@code taskId} on step {@code index} is held by a lease (DESIGN.md §4 #10):
   * its Java worker holds the task by its heartbeats alone, and has beaten since the step's message
   * was last sent. A copy of that message delivered again is then not to run: the lease holder runs
   * the task, and the reconciler sends it anew, later than the last heartbeat, once the heartbeats
   * stop.
   */
  public boolean heldByLease(int index, TaskId taskId) {
    Step step = step(index);
    Heartbeat heartbeat = step.heartbeat();
    if (heartbeat == null || !heartbeat.leased() || !heartbeat.taskId().equals(taskId)) {
      return false;
    }
    Dispatch dispatch = step.dispatch();
    return dispatch == null || heartbeat.at().isAfter(dispatch.sentAt());
  }

  /**
   * Moves on after {@code succeeded}, the task of step {@code index}, succeeded: the next step is
   * dispatched with the first element of its result, or the workflow succeeds. Empty when there is
   * nothing to do: the task is not the step's current one, or the next step was already dispatched
   * (advance happens once per successful task).
   */
  public Optional<Decision> advance(
      int index, TaskId succeeded, TaskRecords observed, TaskId nextTaskId, Instant now) {
    return Lifecycle.advance(this, index, succeeded, observed, nextTaskId, now);
  }

  /**
   * Writes the derived status into the {@code _status} cache when it differs; empty when it does
   * not.
   */
  public Optional<Decision> refreshStatus(TaskRecords observed, Instant now) {
    WorkflowStatus status = status(observed);
    if (status.equals(storedStatus)) {
      return Optional.empty();
    }
    return Optional.of(
        new Decision(
            new Transition(
                List.of(), List.of(new Change.SetStatus(status), new Change.SetUpdatedAt(now))),
            List.of()));
  }

  /** Pauses the workflow (DESIGN.md §3.6). */
  public PauseOutcome pause(TaskRecords observed, Instant now) {
    return PauseAndResume.pause(this, observed, now);
  }

  /** Resumes the workflow (DESIGN.md §3.7). */
  public ResumeOutcome resume(ResumeRequest request, TaskRecords observed) {
    return PauseAndResume.resume(this, request, observed);
  }

  /**
   * Records a heartbeat of the Java worker running {@code taskId} on step {@code index}; its guard
   * refuses the heartbeat of a task that a newer dispatch of the step superseded.
   */
  public Decision heartbeat(int index, TaskId taskId, Instant at) {
    return heartbeat(index, new Heartbeat(taskId, at));
  }

  /**
   * Records {@code heartbeat}, leased or not, on step {@code index}; its guard refuses the
   * heartbeat of a task that a newer dispatch of the step superseded.
   */
  public Decision heartbeat(int index, Heartbeat heartbeat) {
    step(index);
    return new Decision(
        new Transition(
            List.of(new Guard.DispatchAbsentOr(index, heartbeat.taskId())),
            List.of(new Change.SetHeartbeat(index, heartbeat))),
        List.of());
  }

  /**
   * The reconciler's repair of a lost message (DESIGN.md §3.9): the pending step's dispatch was
   * published more than {@code timeout} ago and no worker started it, so the same message is sent
   * again. Empty otherwise.
   */
  public Optional<Decision> redispatchLost(Instant now, Duration timeout, TaskRecords observed) {
    return Recovery.redispatchLost(this, now, timeout, observed);
  }

  /** Releases a resume lock older than {@code lease}; empty when there is none. */
  public Optional<Decision> releaseStaleLock(Instant now, Duration lease) {
    return Recovery.releaseStaleLock(this, now, lease);
  }

  /**
   * The pending step's run whose Java worker stopped sending heartbeats more than {@code timeout}
   * ago, if any: it is to be recorded as FAILURE {@code WorkerLost} so it can be resumed. Runs
   * without a heartbeat since they started (Python workers send none) are never lost, and a leased
   * run is sent again instead ({@link #redispatchExpiredLease}).
   */
  public Optional<TaskId> lostRun(Instant now, Duration timeout, TaskRecords observed) {
    return Recovery.lostRun(this, now, timeout, observed);
  }

  /**
   * The reconciler's repair of an expired lease (DESIGN.md §3.9, §4 #10): the pending step's task
   * was acknowledged at its start and its Java worker stopped sending heartbeats more than {@code
   * timeout} ago, so no broker will deliver it again; the same task id is sent again with the same
   * arguments. At most once per {@code timeout}: a dispatch re-sent less than {@code timeout} ago
   * is left to start. Empty otherwise, and when the run's arguments are unknown.
   */
  public Optional<Decision> redispatchExpiredLease(
      Instant now, Duration timeout, TaskRecords observed) {
    return Recovery.redispatchExpiredLease(this, now, timeout, observed);
  }

  // ---- building blocks for the transitions ------------------------------------------------------

  /** The status this workflow has once {@code changes} are made. */
  WorkflowStatus statusAfter(List<Change> changes, TaskRecords observed) {
    // Status depends only on the steps' runs and the pause; the other changes need not be made
    // here.
    WorkflowDraft draft = new WorkflowDraft(this);
    for (Change change : changes) {
      if (change instanceof Change.AppendTaskRun || change instanceof Change.SetPausedAt) {
        change.applyTo(draft);
      }
    }
    return draft.build().status(observed);
  }
}
