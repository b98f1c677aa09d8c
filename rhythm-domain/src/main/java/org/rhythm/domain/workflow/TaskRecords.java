package org.rhythm.domain.workflow;

import static java.util.Objects.requireNonNull;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.task.TaskState;

/**
 * The task records observed for a workflow's tasks; a task with no record is PENDING, as Celery
 * says. Immutable. Every transition reads one of these, so {@link #with} overlays a record instead
 * of copying the others.
 */
public final class TaskRecords {
  private static final TaskRecords NONE = new TaskRecords(Map.of(), null);

  private final Map<TaskId, TaskRecord> records;
  private final TaskRecord overlay;

  /** These records, copied. */
  public TaskRecords(Map<TaskId, TaskRecord> records) {
    this(Map.copyOf(records), null);
  }

  private TaskRecords(Map<TaskId, TaskRecord> records, TaskRecord overlay) {
    this.records = records;
    this.overlay = overlay;
  }

  public static TaskRecords none() {
    return NONE;
  }

  public static TaskRecords of(Collection<TaskRecord> records) {
    Map<TaskId, TaskRecord> byId = new HashMap<>(Math.max(4, records.size() * 2));
    records.forEach(record -> byId.put(record.taskId(), record));
    return new TaskRecords(Collections.unmodifiableMap(byId), null);
  }

  /** Every record, by task id. */
  public Map<TaskId, TaskRecord> records() {
    if (overlay == null) {
      return records;
    }
    Map<TaskId, TaskRecord> all = new HashMap<>(records);
    all.put(overlay.taskId(), overlay);
    return Collections.unmodifiableMap(all);
  }

  /** The record of this task, if a worker wrote one. */
  public Optional<TaskRecord> find(TaskId taskId) {
    if (overlay != null && overlay.taskId().equals(taskId)) {
      return Optional.of(overlay);
    }
    return Optional.ofNullable(records.get(taskId));
  }

  /** The state of this task; PENDING when there is no record. */
  public TaskState stateOf(TaskId taskId) {
    // Without an Optional: status reads the state of every step on every transition.
    TaskRecord record =
        overlay != null && overlay.taskId().equals(taskId) ? overlay : records.get(taskId);
    return record == null ? TaskState.PENDING : record.state();
  }

  /** These records with one more, replacing any of the same id. */
  public TaskRecords with(TaskRecord record) {
    requireNonNull(record, "record");
    // A record of the overlaid task replaces the overlay; only another task's needs a copy.
    return overlay == null || overlay.taskId().equals(record.taskId())
        ? new TaskRecords(records, record)
        : new TaskRecords(Collections.unmodifiableMap(records()), record);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TaskRecords that && records().equals(that.records());
  }

  @Override
  public int hashCode() {
    return records().hashCode();
  }

  @Override
  public String toString() {
    return "TaskRecords" + records();
  }
}
