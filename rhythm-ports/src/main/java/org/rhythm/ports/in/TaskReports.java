package org.rhythm.ports.in;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.task.TaskFailure;

/**
 * What a worker reports about the task messages it runs (DESIGN.md §3.4). Each report writes the
 * task's record and moves its workflow on; each is idempotent, so redelivered messages and repeated
 * reports change nothing more.
 */
public interface TaskReports {

  /**
   * A worker is about to run this attempt. Returns whether to run it: not when the task is already
   * done, when it was superseded by a newer dispatch of its step, or when its workflow is paused
   * (its record then says REVOKED).
   */
  Admission starting(TaskAttempt attempt);

  /** The running task's progress; never overwrites a done state. */
  void progress(TaskAttempt attempt, Map<String, Object> progress);

  /** The task returned {@code result}; the workflow advances exactly once. */
  void succeeded(TaskAttempt attempt, List<Object> result);

  /** The task failed for good. */
  void failed(TaskAttempt attempt, TaskFailure failure, String traceback);

  /** The task failed and will run again under the same id. */
  void retrying(TaskAttempt attempt, TaskFailure failure, String traceback);

  /** The task was revoked. */
  void revoked(TaskAttempt attempt, TaskFailure reason);

  /** The worker still runs the task. */
  void heartbeat(TaskAttempt attempt);

  /** Whether a worker should run an attempt it received. */
  enum Admission {
    RUN,
    SKIP
  }
}
