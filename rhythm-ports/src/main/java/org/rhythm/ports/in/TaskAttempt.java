package org.rhythm.ports.in;

import static java.util.Objects.requireNonNull;

import org.rhythm.ports.out.TaskMessage;

/**
 * One attempt of a worker at a task message: the message, the worker's name (Celery's hostname),
 * and whether the worker holds the task by a lease ({@code leased}: it acknowledged the message
 * when the task started, so only its heartbeats tell that the task still runs).
 */
public record TaskAttempt(TaskMessage message, String worker, boolean leased) {
  public TaskAttempt {
    requireNonNull(message, "message");
    requireNonNull(worker, "worker");
  }

  /** An attempt whose message stays unacknowledged until the outcome is reported (late ack). */
  public TaskAttempt(TaskMessage message, String worker) {
    this(message, worker, false);
  }
}
