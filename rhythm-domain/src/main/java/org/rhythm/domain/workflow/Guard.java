package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.rhythm.domain.task.TaskId;

/**
 * A precondition of a transition, checked against the stored workflow when the store applies it
 * (DESIGN.md §2.1). Steps are named by their index, which never changes. Each guard is simple
 * enough for a document store to check in the filter of one conditional update.
 */
public sealed interface Guard {

  /** Whether the guard holds for {@code workflow}. */
  boolean holds(Workflow workflow);

  /** The workflow holds no pause. */
  record NotPaused() implements Guard {
    @Override
    public boolean holds(Workflow workflow) {
      return workflow.pausedAt() == null;
    }
  }

  /** The workflow holds a pause. */
  record Paused() implements Guard {
    @Override
    public boolean holds(Workflow workflow) {
      return workflow.pausedAt() != null;
    }
  }

  /**
   * The step's dispatch record is still {@code expected} (same task id, sent at the same time, held
   * alike), or the step still has none when {@code expected} is null.
   */
  record DispatchUnchanged(int step, Dispatch expected) implements Guard {
    @Override
    public boolean holds(Workflow workflow) {
      Dispatch current = workflow.step(step).dispatch();
      return expected == null ? current == null : expected.sameAs(current);
    }
  }

  /** The step has no run with this task id. */
  record NoRun(int step, TaskId taskId) implements Guard {
    public NoRun {
      requireNonNull(taskId, "taskId");
    }

    @Override
    public boolean holds(Workflow workflow) {
      return !workflow.step(step).hasRun(taskId);
    }
  }

  /** The step has no run at all. */
  record NoRuns(int step) implements Guard {
    @Override
    public boolean holds(Workflow workflow) {
      return workflow.step(step).taskRuns().isEmpty();
    }
  }

  /** The resume lock is free: never taken, released, or taken at or before {@code staleBefore}. */
  record ResumeLockFree(Instant staleBefore) implements Guard {
    public ResumeLockFree {
      requireNonNull(staleBefore, "staleBefore");
    }

    @Override
    public boolean holds(Workflow workflow) {
      Instant lock = workflow.resumeLock();
      return lock == null || !lock.isAfter(staleBefore);
    }
  }

  /** The resume lock is held and was taken at or before {@code staleBefore}. */
  record ResumeLockStale(Instant staleBefore) implements Guard {
    public ResumeLockStale {
      requireNonNull(staleBefore, "staleBefore");
    }

    @Override
    public boolean holds(Workflow workflow) {
      Instant lock = workflow.resumeLock();
      return lock != null && !lock.isAfter(staleBefore);
    }
  }

  /** The step has no dispatch record, or its dispatch is of this task id. */
  record DispatchAbsentOr(int step, TaskId taskId) implements Guard {
    public DispatchAbsentOr {
      requireNonNull(taskId, "taskId");
    }

    @Override
    public boolean holds(Workflow workflow) {
      Dispatch current = workflow.step(step).dispatch();
      return current == null || current.taskId().equals(taskId);
    }
  }
}
