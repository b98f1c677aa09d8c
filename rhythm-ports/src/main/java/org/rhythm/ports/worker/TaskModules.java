package org.rhythm.ports.worker;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@link TaskModule}s a worker process serves, with all their tasks in one registry. Two
 * modules that register the same task name are refused, naming both: a message names its task by
 * name alone, so one name must mean one piece of code.
 */
public final class TaskModules {
  private final TaskRegistry registry = new TaskRegistry();
  private final Map<String, String> moduleOfTask = new TreeMap<>();
  private final Set<String> queues = new LinkedHashSet<>();

  private TaskModules(List<TaskModule> modules) {
    for (TaskModule module : modules) {
      add(requireNonNull(module, "module"));
    }
  }

  /** These modules' tasks. */
  public static TaskModules of(List<TaskModule> modules) {
    return new TaskModules(modules);
  }

  /**
   * The modules {@link ServiceLoader} finds through this class loader (its class path and its
   * parents').
   *
   * @throws IllegalStateException when a listed module cannot be loaded or made, naming it
   */
  public static TaskModules load(ClassLoader loader) {
    List<TaskModule> found = new ArrayList<>();
    try {
      ServiceLoader.load(TaskModule.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a task module could not be loaded: " + e.getMessage(), e);
    }
    return new TaskModules(found);
  }

  private void add(TaskModule module) {
    String moduleName = module.getClass().getName();
    TaskRegistry own = new TaskRegistry();
    module.register(own);
    for (String name : own.names()) {
      String other = moduleOfTask.putIfAbsent(name, moduleName);
      if (other != null) {
        throw new IllegalStateException(
            "the task '"
                + name
                + "' is registered by two modules: "
                + other
                + " and "
                + moduleName);
      }
      RegisteredTask task = own.find(name).orElseThrow();
      registry.register(name, task.task(), task.retryPolicy());
    }
    queues.addAll(module.queues());
  }

  /** Every task of every module. */
  public TaskRegistry registry() {
    return registry;
  }

  /** Each task's name, in order, with the class name of the module that registered it. */
  public Map<String, String> tasks() {
    return new TreeMap<>(moduleOfTask);
  }

  /** The queues the modules name, each once, in the order the modules name them. */
  public List<String> queues() {
    return List.copyOf(queues);
  }

  /** Whether the modules registered no task at all. */
  public boolean isEmpty() {
    return moduleOfTask.isEmpty();
  }
}
