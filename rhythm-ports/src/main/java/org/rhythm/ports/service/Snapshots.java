package org.rhythm.ports.service;

import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.task.TaskRecord;
import org.rhythm.domain.workflow.Workflow;
import org.rhythm.domain.workflow.WorkflowId;

/**
 * What one service last saw of workflows, and the done task records it wrote or read, so that a
 * worker's report can be decided without reading them again. Bounded: past its capacity it forgets
 * arbitrary entries, which costs a read later and nothing else. Thread-safe.
 *
 * <p>A workflow snapshot may be stale: another process may have changed the workflow since. It is
 * only a starting point for decisions whose guards the store checks (see {@link Transitions}). A
 * done record (SUCCESS, FAILURE, REVOKED) is final, so a cached one is never stale; other records
 * are not kept. The absence of an entry proves nothing.
 */
final class Snapshots {
  static final int WORKFLOWS = 4_096;
  static final int RECORDS = 32_768;

  private final int workflowCapacity;
  private final int recordCapacity;
  private final ConcurrentHashMap<WorkflowId, Workflow> workflows = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<TaskId, TaskRecord> doneRecords = new ConcurrentHashMap<>();

  Snapshots() {
    this(WORKFLOWS, RECORDS);
  }

  Snapshots(int workflowCapacity, int recordCapacity) {
    if (workflowCapacity < 1 || recordCapacity < 1) {
      throw new IllegalArgumentException(
          "snapshot capacities are at least 1, not "
              + workflowCapacity
              + " workflows and "
              + recordCapacity
              + " records");
    }
    this.workflowCapacity = workflowCapacity;
    this.recordCapacity = recordCapacity;
  }

  /** The last snapshot of this workflow, if one is kept. */
  Optional<Workflow> workflow(WorkflowId id) {
    return Optional.ofNullable(workflows.get(id));
  }

  /** Keeps this workflow as read from the store, or as the store returned it after a change. */
  void remember(Workflow workflow) {
    workflows.put(workflow.id(), workflow);
    trim(workflows, workflowCapacity);
  }

  void forget(WorkflowId id) {
    workflows.remove(id);
  }

  /** The done record of this task, if one is kept. */
  Optional<TaskRecord> doneRecord(TaskId id) {
    return Optional.ofNullable(doneRecords.get(id));
  }

  /** Adds the done record of this task to {@code into} if one is kept; returns whether. */
  boolean addDoneRecord(TaskId id, Collection<TaskRecord> into) {
    TaskRecord kept = doneRecords.get(id);
    if (kept == null) {
      return false;
    }
    into.add(kept);
    return true;
  }

  /** Keeps this record if it is done and is what the store holds; others are ignored. */
  void rememberIfDone(TaskRecord stored) {
    if (stored.state().isDone()) {
      doneRecords.put(stored.taskId(), stored);
      trim(doneRecords, recordCapacity);
    }
  }

  void forgetTasks(Collection<TaskId> ids) {
    ids.forEach(doneRecords::remove);
  }

  private static <K, V> void trim(Map<K, V> map, int capacity) {
    if (map.size() <= capacity) {
      return;
    }
    // Forget a quarter at once, so that trimming is rare.
    Iterator<K> keys = map.keySet().iterator();
    while (map.size() > capacity - capacity / 4 && keys.hasNext()) {
      keys.next();
      keys.remove();
    }
  }
}
