package org.rhythm.ports.service;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.rhythm.domain.task.TaskId;
import org.rhythm.domain.workflow.WorkflowId;

/**
 * Where the service gets fresh ids: random UUID4 strings, as Celery and sca_rhythm use them
 * (DESIGN.md §3.2).
 */
public interface Ids {

  TaskId newTaskId();

  WorkflowId newWorkflowId();

  /**
   * Random UUID4 ids. They need to be unique, not secret, so they come from a fast per-thread
   * generator rather than {@link UUID#randomUUID()}, whose shared secure source is a point of
   * contention on the hot path.
   */
  static Ids random() {
    return new Ids() {
      @Override
      public TaskId newTaskId() {
        return TaskId.of(uuid4());
      }

      @Override
      public WorkflowId newWorkflowId() {
        return WorkflowId.of(uuid4());
      }
    };
  }

  private static String uuid4() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = (random.nextLong() & ~0xF000L) | 0x4000L;
    long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
    return new UUID(high, low).toString();
  }
}
