package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

/**
 * A Java task as a worker knows it: the name messages call it by, the code, and how its failures
 * are retried.
 */
public record RegisteredTask(String name, RhythmTask task, RetryPolicy retryPolicy) {
  public RegisteredTask {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a task name is not blank");
    }
    requireNonNull(task, "task");
    requireNonNull(retryPolicy, "retryPolicy");
  }
}
