package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;

/** What the shell must do through the broker once it won a transition. */
public sealed interface TaskCommand {

  /** Publish one step's task message. */
  record SendTask(
      TaskId taskId,
      String task,
      String queue,
      List<Object> args,
      Map<String, Object> kwargs,
      TaskPriority priority,
      WorkflowId workflowId,
      String stepName)
      implements TaskCommand {
    public SendTask {
      requireNonNull(taskId, "taskId");
      requireNonNull(task, "task");
      requireNonNull(queue, "queue");
      args = Json.copyList(args);
      kwargs = Json.copyObject(kwargs);
      requireNonNull(priority, "priority");
      requireNonNull(workflowId, "workflowId");
      requireNonNull(stepName, "stepName");
    }
  }

  /** Revoke a task, terminating it if it runs. */
  record RevokeTask(TaskId taskId) implements TaskCommand {
    public RevokeTask {
      requireNonNull(taskId, "taskId");
    }
  }
}
