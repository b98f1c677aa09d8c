package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import org.rhythm.domain.task.TaskId;

/**
 * The last sign of life of the Java worker running a step's task: which task, when, and whether the
 * worker holds the task by this lease alone ({@code leased}: it acknowledged the task's message
 * when the task started, so no broker will deliver it again if the worker dies; DESIGN.md §4 #10).
 */
public record Heartbeat(TaskId taskId, Instant at, boolean leased) {
  public Heartbeat {
    requireNonNull(taskId, "taskId");
    requireNonNull(at, "at");
  }

  /** The heartbeat of a task whose message is still unacknowledged at its broker. */
  public Heartbeat(TaskId taskId, Instant at) {
    this(taskId, at, false);
  }
}
