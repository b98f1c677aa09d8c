package org.rhythm.adapter.inmemory;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;

/**
 * Workers' reports sent each to the next of several services, as when the worker processes of one
 * queue each hold their own service on a shared store.
 */
final class TakingTurns implements TaskReports {
  private final Supplier<? extends TaskReports> next;

  TakingTurns(Supplier<? extends TaskReports> next) {
    this.next = next;
  }

  @Override
  public Admission starting(TaskAttempt attempt) {
    return next.get().starting(attempt);
  }

  @Override
  public void progress(TaskAttempt attempt, Map<String, Object> progress) {
    next.get().progress(attempt, progress);
  }

  @Override
  public void succeeded(TaskAttempt attempt, List<Object> result) {
    next.get().succeeded(attempt, result);
  }

  @Override
  public void failed(TaskAttempt attempt, TaskFailure failure, String traceback) {
    next.get().failed(attempt, failure, traceback);
  }

  @Override
  public void retrying(TaskAttempt attempt, TaskFailure failure, String traceback) {
    next.get().retrying(attempt, failure, traceback);
  }

  @Override
  public void revoked(TaskAttempt attempt, TaskFailure reason) {
    next.get().revoked(attempt, reason);
  }

  @Override
  public void heartbeat(TaskAttempt attempt) {
    next.get().heartbeat(attempt);
  }
}
