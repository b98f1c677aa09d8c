package org.rhythm.ports.worker;

import java.util.List;

/**
 * A Java task a worker runs for a task message. It runs on one of the worker's threads; a
 * revocation interrupts that thread, so a long task should let {@link InterruptedException} out or
 * poll {@link TaskContext#isRevoked()}.
 */
@FunctionalInterface
public interface RhythmTask {

  /**
   * Runs the task. The result is a non-empty JSON list whose first element becomes the only
   * argument of the workflow's next step (DESIGN.md §1). An exception fails the task, or retries it
   * as its {@link RetryPolicy} says.
   */
  List<Object> run(TaskContext context) throws Exception;
}
