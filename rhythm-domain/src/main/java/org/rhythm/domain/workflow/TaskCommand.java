package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;

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

  /**
   * Record a task as REVOKED before any worker ran it. A revocation is broadcast only to the
   * workers listening at that moment; with this record, a worker that missed it still refuses the
   * task when its message comes.
   */
  record MarkRevoked(TaskRecord record) implements TaskCommand {
    public MarkRevoked {
      requireNonNull(record, "record");
      if (!record.state().equals(TaskState.REVOKED)) {
        throw new IllegalArgumentException(
            "a revocation record says REVOKED, not " + record.state());
      }
    }
  }
}
