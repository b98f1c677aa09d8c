package org.rhythm.domain.workflow;

import java.util.Map;
import org.rhythm.domain.json.Json;

/**
 * The definition of one step as a user writes it. It holds what was given, valid or not: {@link
 * WorkflowSpec#problems()} reports every problem at once. {@code queue}, {@code priority} and
 * {@code kwargs} are null when not given.
 */
public record StepSpec(
    String name, String task, String queue, Integer priority, Map<String, Object> kwargs) {
  public StepSpec {
    kwargs = kwargs == null ? null : Json.copyObject(kwargs);
  }

  /** A step with a name and a task, on the default queue. */
  public static StepSpec of(String name, String task) {
    return new StepSpec(name, task, null, null, null);
  }

  public StepSpec onQueue(String newQueue) {
    return new StepSpec(name, task, newQueue, priority, kwargs);
  }

  public StepSpec withPriority(int newPriority) {
    return new StepSpec(name, task, queue, newPriority, kwargs);
  }

  public StepSpec withKwargs(Map<String, Object> newKwargs) {
    return new StepSpec(name, task, queue, priority, newKwargs);
  }
}
