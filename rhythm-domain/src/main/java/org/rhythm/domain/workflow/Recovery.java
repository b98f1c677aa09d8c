package org.rhythm.domain.workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskRun;

/** The reconciler's repairs (DESIGN.md §3.9) as pure decisions, each safe to race with itself. */
final class Recovery {
  /** The cause of a dispatch re-sent because its task's lease expired. */
  static final String LEASE_EXPIRED = "lease-expired";

  private Recovery() {}

  static Optional<Decision> redispatchLost(
      Workflow workflow, Instant now, Duration timeout, TaskRecords observed) {
    OptionalInt pending = workflow.pendingStep(observed);
    if (workflow.isPaused() || pending.isEmpty()) {
      return Optional.empty();
    }
    int index = pending.getAsInt();
    Step step = workflow.step(index);
    Dispatch dispatch = step.dispatch();
    if (dispatch == null
        || dispatch.held()
        || step.hasRun(dispatch.taskId())
        || observed.find(dispatch.taskId()).isPresent()
        || dispatch.sentAt().plus(timeout).isAfter(now)) {
      return Optional.empty();
    }
    Dispatch resent = dispatch.resentAt(now);
    List<Guard> guards =
        List.of(
            new Guard.DispatchUnchanged(index, dispatch),
            new Guard.NoRun(index, dispatch.taskId()),
            new Guard.NotPaused());
    Transition transition = new Transition(guards, List.of(new Change.SetDispatch(index, resent)));
    return Optional.of(new Decision(transition, Lifecycle.send(workflow, index, resent)));
  }

  static Optional<Decision> releaseStaleLock(Workflow workflow, Instant now, Duration lease) {
    Instant staleBefore = now.minus(lease);
    Instant lock = workflow.resumeLock();
    if (lock == null || lock.isAfter(staleBefore)) {
      return Optional.empty();
    }
    Transition transition =
        new Transition(
            List.of(new Guard.ResumeLockStale(staleBefore)),
            List.of(new Change.SetResumeLock(null)));
    return Optional.of(new Decision(transition, List.of()));
  }

  static Optional<TaskId> lostRun(
      Workflow workflow, Instant now, Duration timeout, TaskRecords observed) {
    return silentRun(workflow, now, timeout, observed)
        .filter(index -> !workflow.step(index).heartbeat().leased())
        .map(index -> workflow.step(index).heartbeat().taskId());
  }

  static Optional<Decision> redispatchExpiredLease(
      Workflow workflow, Instant now, Duration timeout, TaskRecords observed) {
    if (workflow.isPaused()) {
      return Optional.empty();
    }
    Optional<Integer> silent =
        silentRun(workflow, now, timeout, observed)
            .filter(index -> workflow.step(index).heartbeat().leased());
    if (silent.isEmpty()) {
      return Optional.empty();
    }
    int index = silent.get();
    Step step = workflow.step(index);
    TaskId taskId = step.heartbeat().taskId();
    Dispatch dispatch = step.dispatch();
    Dispatch resent;
    if (dispatch != null && dispatch.taskId().equals(taskId)) {
      if (dispatch.sentAt().plus(timeout).isAfter(now)) {
        return Optional.empty();
      }
      resent = dispatch.resentAt(now);
    } else {
      // Sent by another writer (a Python sca_rhythm hook): its record holds what it was sent with.
      Optional<TaskRecord> record = observed.find(taskId);
      if (dispatch != null
          || record.isEmpty()
          || record.get().args() == null
          || record.get().kwargs() == null) {
        return Optional.empty();
      }
      resent =
          Lifecycle.dispatch(
              workflow,
              index,
              record.get().args(),
              record.get().kwargs(),
              taskId,
              now,
              LEASE_EXPIRED,
              false);
    }
    List<Guard> guards =
        List.of(new Guard.DispatchUnchanged(index, dispatch), new Guard.NotPaused());
    Transition transition = new Transition(guards, List.of(new Change.SetDispatch(index, resent)));
    return Optional.of(new Decision(transition, Lifecycle.send(workflow, index, resent)));
  }

  /**
   * The pending step whose last run is not done and whose Java worker's last heartbeat, for that
   * run, is older than {@code timeout}.
   */
  private static Optional<Integer> silentRun(
      Workflow workflow, Instant now, Duration timeout, TaskRecords observed) {
    OptionalInt pending = workflow.pendingStep(observed);
    if (pending.isEmpty()) {
      return Optional.empty();
    }
    Step step = workflow.step(pending.getAsInt());
    Optional<TaskRun> last = step.lastRun();
    if (last.isEmpty()
        || observed.stateOf(last.get().taskId()).isDone()
        || step.heartbeat() == null
        || !step.heartbeat().taskId().equals(last.get().taskId())
        || step.heartbeat().at().plus(timeout).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(pending.getAsInt());
  }
}
