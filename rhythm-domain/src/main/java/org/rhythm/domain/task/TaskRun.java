package org.rhythm.domain.task;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One run of a step's task: the task id a worker started and when; sca_rhythm's {@code task_runs}
 * entry.
 */
public record TaskRun(TaskId taskId, Instant dateStart) {
  public TaskRun {
    requireNonNull(taskId, "taskId");
    requireNonNull(dateStart, "dateStart");
  }
}
