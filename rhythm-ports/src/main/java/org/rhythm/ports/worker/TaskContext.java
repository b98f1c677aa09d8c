package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.rhythm.domain.task.TaskId;
import org.rhythm.ports.in.TaskAttempt;
import org.rhythm.ports.in.TaskReports;
import org.rhythm.ports.out.TaskMessage;
import org.rhythm.ports.out.TransientFailureException;

/**
 * What a running Java task knows about its message (id, arguments, retries so far), whether it
 * should stop, and where it reports progress. Belongs to one run of one task.
 */
public final class TaskContext {
  private static final System.Logger LOG = System.getLogger(TaskContext.class.getName());

  private final TaskAttempt attempt;
  private final TaskReports reports;
  private final Clock clock;
  private final BooleanSupplier revoked;

  /**
   * The context of {@code attempt}: progress goes to {@code reports.progress} with times from
   * {@code clock}; {@code revoked} answers {@link #isRevoked()}. Workers make contexts; tests of a
   * task may make their own.
   */
  public TaskContext(
      TaskAttempt attempt, TaskReports reports, Clock clock, BooleanSupplier revoked) {
    this.attempt = requireNonNull(attempt, "attempt");
    this.reports = requireNonNull(reports, "reports");
    this.clock = requireNonNull(clock, "clock");
    this.revoked = requireNonNull(revoked, "revoked");
  }

  /** The id of the task message; a retry keeps it. */
  public TaskId taskId() {
    return message().taskId();
  }

  /** The name the task was called by. */
  public String taskName() {
    return message().task();
  }

  /** The positional arguments: for a workflow step, the previous step's first result element. */
  public List<Object> args() {
    return message().args();
  }

  /**
   * The keyword arguments, with the reserved {@code workflow_id}, {@code step} and {@code app_id}.
   */
  public Map<String, Object> kwargs() {
    return message().kwargs();
  }

  /** How many earlier attempts ran under this task id. */
  public int retries() {
    return message().retries();
  }

  /**
   * Whether the task should stop now: it was revoked (a pause does that), or its worker is closing
   * and the message will run again elsewhere. The task's thread is interrupted at the same time.
   */
  public boolean isRevoked() {
    return revoked.getAsBoolean();
  }

  /**
   * A new progress reporter named {@code name} (sca_rhythm's progress name) of {@code total} {@code
   * units}; a null total or null units are unknown. A report the store cannot take right now is
   * dropped: the next one replaces it.
   */
  public Progress progress(String name, Double total, String units) {
    return new Progress(name, total, units, clock, this::report);
  }

  private void report(Map<String, Object> progress) {
    try {
      reports.progress(attempt, progress);
    } catch (TransientFailureException e) {
      LOG.log(Level.DEBUG, "progress of task {0} dropped: {1}", taskId(), e.getMessage());
    }
  }

  private TaskMessage message() {
    return attempt.message();
  }
}
