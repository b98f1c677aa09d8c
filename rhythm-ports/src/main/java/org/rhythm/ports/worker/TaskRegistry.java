package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The Java tasks a worker may run, by name. Nothing in a message names code to load: a message
 * whose task is not registered here fails as Celery's {@code NotRegistered} (DESIGN.md §8).
 * Thread-safe.
 */
public final class TaskRegistry {
  private final ConcurrentMap<String, RegisteredTask> tasks = new ConcurrentHashMap<>();

  /**
   * Registers a task that is never retried.
   *
   * @throws IllegalArgumentException when a task of that name is already registered
   */
  public TaskRegistry register(String name, RhythmTask task) {
    return register(name, task, RetryPolicy.NONE);
  }

  /**
   * Registers a task with its retry policy.
   *
   * @throws IllegalArgumentException when a task of that name is already registered
   */
  public TaskRegistry register(String name, RhythmTask task, RetryPolicy retryPolicy) {
    RegisteredTask registered = new RegisteredTask(name, task, retryPolicy);
    if (tasks.putIfAbsent(name, registered) != null) {
      throw new IllegalArgumentException("a task named '" + name + "' is already registered");
    }
    return this;
  }

  /** The task registered under this name, or empty. */
  public Optional<RegisteredTask> find(String name) {
    return Optional.ofNullable(tasks.get(requireNonNull(name, "name")));
  }

  /** The names of the registered tasks. */
  public Set<String> names() {
    return Set.copyOf(tasks.keySet());
  }
}
