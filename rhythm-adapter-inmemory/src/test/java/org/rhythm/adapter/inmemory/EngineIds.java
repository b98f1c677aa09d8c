package org.rhythm.adapter.inmemory;

import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.WorkflowId;
import org.rhythm.ports.service.Ids;

/**
 * Deterministic, UUID4-shaped ids, numbered in the order the service asks for them, so that a run
 * replays exactly from its seed and a failure names tasks by short aliases ({@code t7}).
 */
final class EngineIds implements Ids {
  private static final String TASK_PREFIX = "00000000-7a5c-4000-8000-";
  private long tasks;
  private long workflows;

  @Override
  public TaskId newTaskId() {
    return TaskId.of(TASK_PREFIX + String.format("%012x", ++tasks));
  }

  @Override
  public WorkflowId newWorkflowId() {
    return WorkflowId.of(String.format("00000000-f10e-4000-8000-%012x", ++workflows));
  }

  /** {@code t<n>} for the n-th task id handed out, the id itself for any other. */
  static String alias(TaskId taskId) {
    String value = taskId.value();
    return value.startsWith(TASK_PREFIX)
        ? "t" + Long.parseLong(value.substring(TASK_PREFIX.length()), 16)
        : value;
  }
}
