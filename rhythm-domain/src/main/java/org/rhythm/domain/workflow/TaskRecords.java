package org.rhythm.domain.workflow;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;

/**
 * The task records observed for a workflow's tasks; a task with no record is PENDING, as Celery
 * says.
 */
public record TaskRecords(Map<TaskId, TaskRecord> records) {
  public TaskRecords {
    records = Map.copyOf(records);
  }

  public static TaskRecords none() {
    return new TaskRecords(Map.of());
  }

  public static TaskRecords of(Collection<TaskRecord> records) {
    Map<TaskId, TaskRecord> byId = new HashMap<>();
    records.forEach(record -> byId.put(record.taskId(), record));
    return new TaskRecords(byId);
  }

  /** The record of this task, if a worker wrote one. */
  public Optional<TaskRecord> find(TaskId taskId) {
    return Optional.ofNullable(records.get(taskId));
  }

  /** The state of this task; PENDING when there is no record. */
  public TaskState stateOf(TaskId taskId) {
    return find(taskId).map(TaskRecord::state).orElse(TaskState.PENDING);
  }

  /** These records with one more, replacing any of the same id. */
  public TaskRecords with(TaskRecord record) {
    Map<TaskId, TaskRecord> next = new HashMap<>(records);
    next.put(record.taskId(), record);
    return new TaskRecords(next);
  }
}
