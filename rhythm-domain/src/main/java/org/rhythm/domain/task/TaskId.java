package org.rhythm.domain.task;

import static java.util.Objects.requireNonNull;

/**
 * The id of one task message, a UUID string as Celery uses it; a resumed step always gets a new
 * one.
 */
public record TaskId(String value) {
  public TaskId {
    requireNonNull(value, "value");
    if (value.isBlank()) {
      throw new IllegalArgumentException("a task id is not blank");
    }
  }

  public static TaskId of(String value) {
    return new TaskId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
