package org.rhythm.ports.in;

import static java.util.Objects.requireNonNull;

import org.rhythm.ports.out.TaskMessage;

/**
 * One attempt of a worker at a task message: the message and the worker's name (Celery's hostname).
 */
public record TaskAttempt(TaskMessage message, String worker) {
  public TaskAttempt {
    requireNonNull(message, "message");
    requireNonNull(worker, "worker");
  }
}
