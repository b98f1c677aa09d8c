package org.rhythm.ports.worker;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.rhythm.domain.task.TaskId;

/**
 * The ids of the last {@code capacity} revocations a worker heard, as Celery workers keep them: a
 * message that arrives after its revocation is not run. Lookups take no lock; revocations are rare.
 */
final class RevokedTasks {
  private final int capacity;
  private final Set<TaskId> ids = ConcurrentHashMap.newKeySet();
  private final ArrayDeque<TaskId> order = new ArrayDeque<>();

  RevokedTasks(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity is at least 1, not " + capacity);
    }
    this.capacity = capacity;
  }

  /** Remembers a revoked id, forgetting the oldest one when full. */
  synchronized void add(TaskId id) {
    if (ids.add(id)) {
      order.addLast(id);
      if (order.size() > capacity) {
        ids.remove(order.removeFirst());
      }
    }
  }

  boolean contains(TaskId id) {
    return ids.contains(id);
  }
}
