package org.rhythm.ports.worker;

import java.util.List;

/**
 * A package of Java tasks that a worker process finds by itself: task authors implement it, list
 * the class in {@code META-INF/services/org.rhythm.ports.worker.TaskModule} of their jar, and
 * {@code rhythm worker --jar tasks.jar} (or {@code rhythm server}) loads it with {@link
 * java.util.ServiceLoader} ({@link TaskModules#load}). An implementation is public and has a public
 * constructor without parameters.
 */
public interface TaskModule {

  /** Registers this module's tasks; called once per worker process, before it consumes. */
  void register(TaskRegistry registry);

  /**
   * The queues this module's tasks are sent to, which a worker serves when it is not told which
   * queues to consume. Empty (the default) when the steps name no queue: they then go to the
   * service's default queue.
   */
  default List<String> queues() {
    return List.of();
  }
}
