package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.rhythm.domain.task.TaskId;

/** The last sign of life of the Java worker running a step's task: which task, and when. */
public record Heartbeat(TaskId taskId, Instant at) {
  public Heartbeat {
    requireNonNull(taskId, "taskId");
    requireNonNull(at, "at");
  }
}
