package org.rhythm.app.metrics;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.task.TaskFailure;
import org.rhythm.domain.task.TaskState;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;

/**
 * What the Java workers of this process report, passed on unchanged and metered in {@link
 * TaskMeters}: an admitted start, then its outcome. A report is metered only once it was taken, so
 * a report that failed and is made again counts once. Adds no store call and no lock.
 */
public final class MeteredTaskReports implements TaskReports {
  private final TaskReports reports;
  private final TaskMeters meters;

  public MeteredTaskReports(TaskReports reports, TaskMeters meters) {
    this.reports = requireNonNull(reports, "reports");
    this.meters = requireNonNull(meters, "meters");
  }

  @Override
  public Admission starting(TaskAttempt attempt) {
    long picked = meters.now();
    Admission admission = reports.starting(attempt);
    if (admission == Admission.RUN) {
      meters.started(attempt, picked);
    }
    return admission;
  }

  @Override
  public void progress(TaskAttempt attempt, Map<String, Object> progress) {
    reports.progress(attempt, progress);
  }

  @Override
  public void succeeded(TaskAttempt attempt, List<Object> result) {
    long at = meters.now();
    reports.succeeded(attempt, result);
    meters.ended(attempt, TaskState.SUCCESS, at);
  }

  @Override
  public void failed(TaskAttempt attempt, TaskFailure failure, String traceback) {
    long at = meters.now();
    reports.failed(attempt, failure, traceback);
    meters.ended(attempt, TaskState.FAILURE, at);
  }

  @Override
  public void retrying(TaskAttempt attempt, TaskFailure failure, String traceback) {
    long at = meters.now();
    reports.retrying(attempt, failure, traceback);
    meters.ended(attempt, TaskState.RETRY, at);
  }

  @Override
  public void revoked(TaskAttempt attempt, TaskFailure reason) {
    long at = meters.now();
    reports.revoked(attempt, reason);
    meters.ended(attempt, TaskState.REVOKED, at);
  }

  @Override
  public void heartbeat(TaskAttempt attempt) {
    reports.heartbeat(attempt);
  }
}
