package org.rhythm.ports.out;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.json.Json;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskPriority;
import org.rhythm.domain.workflow.TaskCommand;
import org.rhythm.domain.workflow.WorkflowId;

/**
 * One task message on a queue: what a Celery message carries that Rhythm uses. {@code retries}
 * counts earlier attempts under the same task id.
 */
public record TaskMessage(
    TaskId taskId,
    String task,
    String queue,
    List<Object> args,
    Map<String, Object> kwargs,
    TaskPriority priority,
    int retries) {

  public TaskMessage {
    requireNonNull(taskId, "taskId");
    requireNonNull(task, "task");
    requireNonNull(queue, "queue");
    args = Json.copyList(args);
    kwargs = Json.copyObject(kwargs);
    requireNonNull(priority, "priority");
    if (retries < 0) {
      throw new IllegalArgumentException("retries is not negative: " + retries);
    }
  }

  /** The message a workflow's dispatch sends. */
  public static TaskMessage of(TaskCommand.SendTask send) {
    return new TaskMessage(
        send.taskId(), send.task(), send.queue(), send.args(), send.kwargs(), send.priority(), 0);
  }

  /** The same message for its next attempt. */
  public TaskMessage nextAttempt() {
    return new TaskMessage(taskId, task, queue, args, kwargs, priority, retries + 1);
  }

  /** The workflow this task belongs to, from its reserved {@code workflow_id} keyword argument. */
  public Optional<WorkflowId> workflowId() {
    return kwargs.get("workflow_id") instanceof String id && !id.isBlank()
        ? Optional.of(WorkflowId.of(id))
        : Optional.empty();
  }

  /** The workflow step this task runs, from its reserved {@code step} keyword argument. */
  public Optional<String> stepName() {
    return kwargs.get("step") instanceof String step ? Optional.of(step) : Optional.empty();
  }
}
